package dev.flywheel.features.serving;

import com.google.protobuf.Timestamp;
import dev.flywheel.features.online.FeastValues;
import dev.flywheel.features.online.StoredRow;
import feast.proto.serving.ServingAPIProto.FieldStatus;
import feast.proto.types.ValueProto.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The event time of each stored row of one view, and whether it is past the view's max age, worked out once
 * per row rather than once per row and feature; {@link #status} then gives the same answer as
 * {@link FieldStatuses#decide} for every feature of the row.
 */
final class RowTimes {

    private final Timestamp[] eventTimes;
    private final boolean[] outsideMaxAge;

    private RowTimes(Timestamp[] eventTimes, boolean[] outsideMaxAge) {
        this.eventTimes = eventTimes;
        this.outsideMaxAge = outsideMaxAge;
    }

    /** The times of {@code rows}, measured from {@code now}. */
    static RowTimes of(List<StoredRow> rows, Instant now, Optional<Duration> maxAge) {
        Timestamp[] eventTimes = new Timestamp[rows.size()];
        boolean[] outsideMaxAge = new boolean[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            Optional<Instant> eventTime = rows.get(r).eventTime();
            if (eventTime.isPresent()) {
                eventTimes[r] = FeastValues.timestamp(eventTime.get());
                outsideMaxAge[r] = FieldStatuses.outsideMaxAge(eventTime.get(), now, maxAge);
            }
        }
        return new RowTimes(eventTimes, outsideMaxAge);
    }

    /** The status of a value of row {@code row}, as {@link FieldStatuses#decide} gives it. */
    FieldStatus status(int row, Optional<Value> value) {
        return FieldStatuses.decide(eventTimes[row] != null, outsideMaxAge[row], value);
    }

    /** The event time of row {@code row}; only for a row that has one. */
    Timestamp eventTime(int row) {
        return eventTimes[row];
    }
}

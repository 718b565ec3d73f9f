package dev.flywheel.features.serving;

import dev.flywheel.features.online.FeastValues;
import feast.proto.serving.ServingAPIProto.FieldStatus;
import feast.proto.types.ValueProto.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The status Feast gives a served value, in Feast's order of precedence: NOT_FOUND when the entity has no row
 * in the view or the row lacks the feature; OUTSIDE_MAX_AGE when the row's event time is more than the view's
 * max age before now (the value is still returned; exactly max age old is still fresh); NULL_VALUE for a null;
 * otherwise PRESENT.
 */
public final class FieldStatuses {

    private FieldStatuses() {
    }

    /**
     * Decides a status.
     *
     * @param eventTime the row's event time, empty when there is no row
     * @param value the stored value, empty when the field is absent
     * @param now the time of the request
     * @param maxAge the view's max age, empty for none
     * @return the status
     */
    public static FieldStatus decide(Optional<Instant> eventTime, Optional<Value> value, Instant now, Optional<Duration> maxAge) {
        return decide(eventTime.isPresent(), eventTime.isPresent() && outsideMaxAge(eventTime.get(), now, maxAge), value);
    }

    /** The status when the row's age is already known (once per row rather than per value, see {@link RowTimes}). */
    static FieldStatus decide(boolean hasRow, boolean outsideMaxAge, Optional<Value> value) {
        if (!hasRow || value.isEmpty()) {
            return FieldStatus.NOT_FOUND;
        }
        if (outsideMaxAge) {
            return FieldStatus.OUTSIDE_MAX_AGE;
        }
        return FeastValues.isNull(value.get()) ? FieldStatus.NULL_VALUE : FieldStatus.PRESENT;
    }

    /** Whether a row of {@code eventTime} is more than {@code maxAge} before {@code now}. */
    static boolean outsideMaxAge(Instant eventTime, Instant now, Optional<Duration> maxAge) {
        return maxAge.isPresent() && Duration.between(eventTime, now).compareTo(maxAge.get()) > 0;
    }
}

package dev.flywheel.features.serving;

import com.google.protobuf.Timestamp;
import feast.proto.serving.ServingAPIProto.FieldStatus;
import feast.proto.types.ValueProto.Value;
import java.util.List;
import java.util.Objects;

/**
 * One requested feature for every entity row: N values, N statuses, N event times.
 *
 * @param reference the reference as requested, {@code view:feature}
 * @param values per row the value; an empty Value when NOT_FOUND
 * @param statuses per row the status
 * @param eventTimes per row the event time; the epoch when NOT_FOUND
 */
public record FeatureColumn(String reference, List<Value> values, List<FieldStatus> statuses, List<Timestamp> eventTimes) {

    /** Checks the three lists have one entry per row. */
    public FeatureColumn {
        Objects.requireNonNull(reference, "reference");
        values = List.copyOf(values);
        statuses = List.copyOf(statuses);
        eventTimes = List.copyOf(eventTimes);
        if (values.size() != statuses.size() || values.size() != eventTimes.size()) {
            throw new IllegalArgumentException("column " + reference + " needs one value, status and time per row");
        }
    }
}

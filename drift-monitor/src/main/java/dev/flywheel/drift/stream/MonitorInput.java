package dev.flywheel.drift.stream;

import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/** What a monitor's processor reads from its single-partition repartition topic. */
public sealed interface MonitorInput {

    /**
     * One row of the watched features.
     *
     * @param values feature name to value: a {@code Double}, a {@code String}, or null
     */
    record Observation(Map<String, Object> values) implements MonitorInput {

        /** Checks the map is present (it may hold null values). */
        public Observation {
            Objects.requireNonNull(values, "values");
        }
    }

    /**
     * A backbone event that may change the reference: {@code DatasetSnapshot}, {@code ModelPromoted} or
     * {@code ModelVersion}.
     *
     * @param event the event
     */
    record ReferenceEvent(SpecificRecord event) implements MonitorInput {

        /** Checks the event is present. */
        public ReferenceEvent {
            Objects.requireNonNull(event, "event");
        }
    }
}

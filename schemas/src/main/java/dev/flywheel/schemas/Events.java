package dev.flywheel.schemas;

import dev.flywheel.schemas.events.DataAvailable;
import dev.flywheel.schemas.events.DatasetSnapshot;
import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.schemas.events.DriftResolved;
import dev.flywheel.schemas.events.ModelPromoted;
import dev.flywheel.schemas.events.ModelRejected;
import dev.flywheel.schemas.events.ModelVersion;
import dev.flywheel.schemas.events.RejectedRecord;
import dev.flywheel.schemas.events.TrainingJobStatus;
import dev.flywheel.schemas.events.TrainingRequested;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The backbone events as a whole: their schemas (for registering them up front) and the lineage fields
 * every one of them carries ({@code event_id}, {@code occurred_at}, {@code causes}), readable without
 * knowing the concrete type, which is what lineage walks and the dashboard need.
 */
public final class Events {

    /** Every backbone event schema. */
    public static final List<Schema> SCHEMAS = List.of(
            RejectedRecord.getClassSchema(),
            DataAvailable.getClassSchema(),
            DatasetSnapshot.getClassSchema(),
            DriftDetected.getClassSchema(),
            DriftResolved.getClassSchema(),
            TrainingRequested.getClassSchema(),
            TrainingJobStatus.getClassSchema(),
            ModelVersion.getClassSchema(),
            ModelPromoted.getClassSchema(),
            ModelRejected.getClassSchema());

    private Events() {
    }

    /** A fresh random event id. */
    public static String newEventId() {
        return UUID.randomUUID().toString();
    }

    /** The {@code event_id} of any backbone event. */
    public static String eventId(SpecificRecord event) {
        return (String) field(event, "event_id");
    }

    /** The {@code occurred_at} of any backbone event. */
    public static Instant occurredAt(SpecificRecord event) {
        return (Instant) field(event, "occurred_at");
    }

    /** The {@code causes} (ids of the events that led to it) of any backbone event. */
    @SuppressWarnings("unchecked")
    public static List<String> causes(SpecificRecord event) {
        return (List<String>) field(event, "causes");
    }

    private static Object field(SpecificRecord event, String name) {
        Schema.Field field = event.getSchema().getField(name);
        if (field == null) {
            throw new IllegalArgumentException(event.getSchema().getFullName() + " is not a backbone event: it has no '"
                    + name + "' field");
        }
        return event.get(field.pos());
    }
}

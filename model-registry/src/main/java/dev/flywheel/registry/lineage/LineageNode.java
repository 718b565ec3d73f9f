package dev.flywheel.registry.lineage;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One backbone event in a lineage: its id, type, time, causes and the few fields a person needs to recognise
 * it (a drift alarm's monitor and score, a dataset's id and rows, a request's trigger and reason...). Stored as
 * JSON in the lineage index.
 *
 * @param eventId the event's {@code event_id}
 * @param type the event type, e.g. {@code DriftDetected}
 * @param occurredAt when it happened, epoch milliseconds
 * @param causes the ids of the events that led to it
 * @param attributes recognisable fields, as text
 */
public record LineageNode(@JsonProperty("event_id") String eventId, @JsonProperty("type") String type,
                          @JsonProperty("occurred_at") long occurredAt, @JsonProperty("causes") List<String> causes,
                          @JsonProperty("attributes") Map<String, String> attributes) {

    /** Checks the id and type and copies the collections. */
    public LineageNode {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        causes = List.copyOf(causes == null ? List.of() : causes);
        attributes = Map.copyOf(attributes == null ? Map.of() : attributes);
    }

    /** Returns an attribute, or null. */
    public String attribute(String name) {
        return attributes.get(name);
    }
}

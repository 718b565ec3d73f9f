package dev.flywheel.registry.versions;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * A person's request to change a model's champion, as written to the registry's command topic (JSON) by the
 * HTTP API or the CLI, keyed by model so that commands and registrations of one model are applied in order by
 * one task.
 *
 * @param commandId unique id; the resulting {@code ModelPromoted} lists it in its causes
 * @param type promote or rollback
 * @param model the model
 * @param version the version to promote; for a rollback the version to restore, or null for the previous
 *     champion
 * @param actor who asked
 * @param note why, in their words; may be null
 * @param requestedAt when, epoch milliseconds
 */
public record RegistryCommand(@JsonProperty("command_id") String commandId, @JsonProperty("type") Type type,
                              @JsonProperty("model") String model, @JsonProperty("version") Integer version,
                              @JsonProperty("actor") String actor, @JsonProperty("note") String note,
                              @JsonProperty("requested_at") long requestedAt) {

    /** What a command asks. */
    public enum Type {
        /** Make a version the champion. */
        PROMOTE,
        /** Restore an earlier champion. */
        ROLLBACK
    }

    /** Checks the required parts. */
    public RegistryCommand {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(actor, "actor");
        if (type == Type.PROMOTE && version == null) {
            throw new IllegalArgumentException("a promote command needs a version");
        }
    }
}

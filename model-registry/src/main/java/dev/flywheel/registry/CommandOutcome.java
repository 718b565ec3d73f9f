package dev.flywheel.registry;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What became of a promote or rollback.
 *
 * @param commandId the command's id (the resulting {@code ModelPromoted} lists it in its causes)
 * @param model the model
 * @param version the version that was to become champion
 * @param applied whether the registry applied it within the wait; false means it is queued, not refused
 * @param champion the champion when the answer was written, or null
 */
public record CommandOutcome(@JsonProperty("command_id") String commandId, @JsonProperty("model") String model,
                             @JsonProperty("version") int version, @JsonProperty("applied") boolean applied,
                             @JsonProperty("champion") Integer champion) {
}

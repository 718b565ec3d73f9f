package dev.flywheel.registry;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A model as the registry knows it.
 *
 * @param model the name
 * @param inSpec whether the spec declares it
 * @param latestVersion the highest version registered, 0 for none
 * @param champion the version in PRODUCTION, or null
 * @param previousChampions earlier champions, most recent last (what rollback restores)
 * @param promotion the promotion policy in words, or null when the spec has none
 */
public record ModelInfo(@JsonProperty("model") String model, @JsonProperty("in_spec") boolean inSpec,
                        @JsonProperty("latest_version") int latestVersion, @JsonProperty("champion") Integer champion,
                        @JsonProperty("previous_champions") List<Integer> previousChampions,
                        @JsonProperty("promotion") String promotion) {
}

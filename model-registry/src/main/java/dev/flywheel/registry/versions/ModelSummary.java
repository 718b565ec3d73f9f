package dev.flywheel.registry.versions;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the registry keeps per model besides its versions: the last version number, the champion, the earlier
 * champions (the rollback stack, most recent last) and which training request produced which version (so a
 * replayed training status never registers a second version). Immutable; stored as JSON.
 *
 * @param model the model name
 * @param latestVersion the highest version registered, 0 before the first
 * @param champion the version in PRODUCTION, or null
 * @param previousChampions earlier champions, most recent last; rollback pops from here
 * @param requests training request id to the version it produced
 */
public record ModelSummary(@JsonProperty("model") String model,
                           @JsonProperty("latest_version") int latestVersion,
                           @JsonProperty("champion") Integer champion,
                           @JsonProperty("previous_champions") List<Integer> previousChampions,
                           @JsonProperty("requests") Map<String, Integer> requests) {

    /** Copies the collections. */
    public ModelSummary {
        previousChampions = List.copyOf(previousChampions == null ? List.of() : previousChampions);
        requests = Map.copyOf(requests == null ? Map.of() : requests);
    }

    /** Returns the summary of a model with no versions. */
    public static ModelSummary empty(String model) {
        return new ModelSummary(model, 0, null, List.of(), Map.of());
    }

    /** Returns the champion version, if any. */
    public Optional<Integer> championVersion() {
        return Optional.ofNullable(champion);
    }

    /** Returns the version a training request produced, if it was registered. */
    public Optional<Integer> versionOf(String requestId) {
        return Optional.ofNullable(requests.get(requestId));
    }

    /** Returns the champion a rollback restores: the most recent earlier champion. */
    public Optional<Integer> rollbackTarget() {
        return previousChampions.isEmpty() ? Optional.empty()
                : Optional.of(previousChampions.get(previousChampions.size() - 1));
    }

    /** Returns this summary with a new version registered for a request. */
    public ModelSummary withRegistered(int version, String requestId) {
        Map<String, Integer> changed = new HashMap<>(requests);
        changed.put(requestId, version);
        return new ModelSummary(model, Math.max(latestVersion, version), champion, previousChampions, changed);
    }

    /**
     * Returns this summary with a new champion. A promotion pushes the old champion on the rollback stack; a
     * rollback does not (the version rolled back from is not one to return to) and takes the restored version
     * off it.
     */
    public ModelSummary withChampion(int version, boolean rollback) {
        List<Integer> stack = new ArrayList<>(previousChampions);
        stack.remove(Integer.valueOf(version));
        if (!rollback && champion != null && champion != version) {
            stack.add(champion);
        }
        return new ModelSummary(model, latestVersion, version, stack, requests);
    }
}

package dev.flywheel.registry.versions;

/**
 * Keys on the compacted {@code flywheel.models} topic, chosen so that compaction keeps what matters: the
 * latest state of every version ({@code model/version}), the latest promotion of every model ({@code model}:
 * the current champion's {@code ModelPromoted}) and one rejection per training request
 * ({@code model/rejected/request}). Model names cannot contain {@code /}, so the three never collide.
 */
public final class RegistryKeys {

    private RegistryKeys() {
    }

    /** Returns {@code model/version}, the key of a version's state (topic and store). */
    public static String version(String model, int version) {
        return model + "/" + version;
    }

    /** Returns {@code model}, the key of a model's promotions. */
    public static String promotion(String model) {
        return model;
    }

    /** Returns {@code model/rejected/request}, the key of a rejected registration. */
    public static String rejection(String model, String requestId) {
        return model + "/rejected/" + requestId;
    }

    /** Returns the first key of a model's versions in the versions store, for a prefix scan. */
    public static String versionPrefix(String model) {
        return model + "/";
    }
}

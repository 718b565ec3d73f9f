package dev.flywheel.platform.registry;

/**
 * A version as a request names it: a number from 1, or {@code latest} (also {@code -1}), as in
 * Confluent's {@code VersionId}.
 */
record VersionId(int number) {

    static final VersionId LATEST = new VersionId(-1);

    /** @throws RegistryException 42202 for anything else */
    static VersionId parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.equalsIgnoreCase("latest")) {
            return LATEST;
        }
        int number;
        try {
            number = Integer.parseInt(trimmed);
        } catch (NumberFormatException e) {
            throw RegistryErrors.invalidVersion(text);
        }
        if (number == -1) {
            return LATEST;
        }
        if (number <= 0) {
            throw RegistryErrors.invalidVersion(text);
        }
        return new VersionId(number);
    }

    boolean isLatest() {
        return number == -1;
    }
}

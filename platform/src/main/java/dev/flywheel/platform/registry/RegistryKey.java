package dev.flywheel.platform.registry;

/**
 * The key of one record of the {@code _schemas} topic. Confluent's key types, with the fields each
 * one carries; {@link Unknown} stands for a key type this registry does not apply.
 */
sealed interface RegistryKey {

    /** One version of one subject; its value is a {@link RegistryValue.SchemaValue}. */
    record SchemaKey(String subject, int version) implements RegistryKey {
    }

    /** The compatibility level of one subject, or the global one when {@code subject} is null. */
    record ConfigKey(String subject) implements RegistryKey {
    }

    /** The mode of one subject, or the global one when {@code subject} is null. */
    record ModeKey(String subject) implements RegistryKey {
    }

    /** Soft-deletes every version of a subject up to the version its value names. */
    record DeleteSubjectKey(String subject) implements RegistryKey {
    }

    /** Written at start-up (with a null value) so the reader knows where the log ends. */
    record NoopKey() implements RegistryKey {
    }

    /** A key type another registry version wrote and this one ignores, e.g. {@code CONTEXT}. */
    record Unknown(String keyType) implements RegistryKey {
    }
}

package dev.flywheel.platform.registry;

/** The value of one record of the {@code _schemas} topic; a null value is a tombstone. */
sealed interface RegistryValue {

    /** One registered version; {@code deleted} marks a soft delete. */
    record SchemaValue(String subject, int version, int id, String schemaType, String schema, boolean deleted)
            implements RegistryValue {

        SchemaValue asDeleted() {
            return new SchemaValue(subject, version, id, schemaType, schema, true);
        }
    }

    /** A compatibility level; {@code subject} is null for the global one. */
    record ConfigValue(String subject, CompatibilityLevel compatibilityLevel) implements RegistryValue {
    }

    /** A mode; {@code subject} is null for the global one. */
    record ModeValue(String subject, Mode mode) implements RegistryValue {
    }

    /** Every version of {@code subject} up to {@code version} is soft-deleted. */
    record DeleteSubjectValue(String subject, int version) implements RegistryValue {
    }
}

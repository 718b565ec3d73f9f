package dev.flywheel.schemas.registry;

import java.util.Optional;

/**
 * The error codes a Confluent-compatible schema registry puts in {@code error_code}. The HTTP status comes
 * first when classifying: any HTTP 409 means "incompatible", whether the body says 409 or 40901.
 */
public enum RegistryErrorCode {
    SUBJECT_NOT_FOUND(40401),
    VERSION_NOT_FOUND(40402),
    SCHEMA_NOT_FOUND(40403),
    SUBJECT_SOFT_DELETED(40404),
    SUBJECT_NOT_SOFT_DELETED(40405),
    SCHEMA_VERSION_SOFT_DELETED(40406),
    SCHEMA_VERSION_NOT_SOFT_DELETED(40407),
    SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED(40408),
    SUBJECT_LEVEL_MODE_NOT_CONFIGURED(40409),
    INCOMPATIBLE_SCHEMA(40901),
    INVALID_SCHEMA(42201),
    INVALID_VERSION(42202),
    INVALID_COMPATIBILITY_LEVEL(42203),
    INVALID_MODE(42204),
    OPERATION_NOT_PERMITTED(42205),
    BACKEND_STORE_ERROR(50001),
    OPERATION_TIMEOUT(50002),
    FORWARDING_ERROR(50003);

    private final int code;

    RegistryErrorCode(int code) {
        this.code = code;
    }

    /** The numeric {@code error_code}. */
    public int code() {
        return code;
    }

    /** The known code for a numeric {@code error_code}, if any. */
    public static Optional<RegistryErrorCode> of(int code) {
        for (RegistryErrorCode value : values()) {
            if (value.code == code) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}

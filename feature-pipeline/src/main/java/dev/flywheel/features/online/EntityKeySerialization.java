package dev.flywheel.features.online;

/**
 * Feast's entity key serialization versions ({@code entity_key_serialization_version} in
 * {@code feature_store.yaml}). Both sort the join keys and write every name before every value.
 */
public enum EntityKeySerialization {
    /** Per name {@code u32le(STRING)} + UTF-8 bytes; per value {@code u32le(type) + u32le(len) + bytes}. */
    V2,
    /** As {@link #V2}, plus {@code u32le(number of keys)} first and {@code u32le(name length)} before each name;
     * the default of Feast 0.50 and later. */
    V3
}

package dev.flywheel.registry.versions;

import org.apache.avro.specific.SpecificRecord;

/**
 * One event for {@code flywheel.models} with its key.
 *
 * @param key the key ({@link RegistryKeys})
 * @param value the event
 */
record Emitted(String key, SpecificRecord value) {
}

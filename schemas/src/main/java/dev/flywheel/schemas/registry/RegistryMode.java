package dev.flywheel.schemas.registry;

/**
 * Operating mode of a schema registry (global or per subject). READWRITE is the normal mode; IMPORT allows
 * registering schemas with given ids (migration); READONLY refuses writes.
 */
public enum RegistryMode {
    READWRITE,
    READONLY,
    READONLY_OVERRIDE,
    IMPORT
}

package dev.flywheel.topology.spec;

import java.util.Objects;

/**
 * A value held in a Kubernetes Secret; the spec only ever names it, never holds it.
 *
 * @param secret the Secret's name
 * @param key the key within the Secret
 */
public record SecretRef(String secret, String key) {

    /** Checks the parts are present. */
    public SecretRef {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(key, "key");
    }
}

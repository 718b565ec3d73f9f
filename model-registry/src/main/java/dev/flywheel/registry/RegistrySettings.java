package dev.flywheel.registry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.types.Password;

/**
 * Settings of the registry service. Every instance is valid: the constructor refuses a bad value, naming it.
 *
 * @param apiToken the token write operations (promote, rollback) require as {@code Authorization: Bearer <token>};
 *     empty disables writes over HTTP (they answer 403). A {@link Password}, so it never shows in logs
 * @param commandWait how long promote and rollback wait for the registry to apply them before answering 202
 * @param kserveNamespace the namespace rendered InferenceServices are placed in
 * @param canaryTrafficPercent the share of traffic a new champion gets at first (1..100; 100 renders no canary)
 */
public record RegistrySettings(Optional<Password> apiToken, Duration commandWait, String kserveNamespace,
                               int canaryTrafficPercent) {

    /** The least token length accepted: shorter tokens are guessable. */
    public static final int MIN_TOKEN_LENGTH = 16;

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    /** Checks every value; see the parameters. */
    public RegistrySettings {
        Objects.requireNonNull(apiToken, "apiToken");
        apiToken.ifPresent(token -> {
            if (token.value() == null || token.value().getBytes(StandardCharsets.UTF_8).length < MIN_TOKEN_LENGTH) {
                throw new IllegalArgumentException("apiToken must have at least " + MIN_TOKEN_LENGTH + " bytes");
            }
        });
        Objects.requireNonNull(commandWait, "commandWait");
        if (commandWait.isNegative()) {
            throw new IllegalArgumentException("commandWait must not be negative, was " + commandWait);
        }
        Objects.requireNonNull(kserveNamespace, "kserveNamespace");
        if (!DNS_LABEL.matcher(kserveNamespace).matches()) {
            throw new IllegalArgumentException("kserveNamespace must be a DNS label, was '" + kserveNamespace + "'");
        }
        if (canaryTrafficPercent < 1 || canaryTrafficPercent > 100) {
            throw new IllegalArgumentException("canaryTrafficPercent must be between 1 and 100, was "
                    + canaryTrafficPercent);
        }
    }

    /** No token (writes over HTTP disabled), 10 s command wait, namespace {@code default}, 10 % canary. */
    public static RegistrySettings defaults() {
        return new RegistrySettings(Optional.empty(), Duration.ofSeconds(10), "default", 10);
    }

    /** These settings with an API token. */
    public RegistrySettings withApiToken(String token) {
        return new RegistrySettings(Optional.of(new Password(token)), commandWait, kserveNamespace,
                canaryTrafficPercent);
    }

    /** These settings with another command wait. */
    public RegistrySettings withCommandWait(Duration wait) {
        return new RegistrySettings(apiToken, wait, kserveNamespace, canaryTrafficPercent);
    }

    /** These settings with another KServe namespace and canary share. */
    public RegistrySettings withKServe(String namespace, int canaryPercent) {
        return new RegistrySettings(apiToken, commandWait, namespace, canaryPercent);
    }
}

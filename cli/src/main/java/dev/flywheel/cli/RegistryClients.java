package dev.flywheel.cli;

import static dev.flywheel.topology.config.FlywheelSettings.REGISTRY_URL;
import static dev.flywheel.topology.config.FlywheelSettings.envName;

import dev.flywheel.schemas.registry.HttpSchemaRegistryClient;
import dev.flywheel.schemas.registry.RegistryClientConfig;
import dev.flywheel.schemas.registry.RetryPolicy;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.topology.config.FlywheelConfig;
import java.time.Duration;

/** Schema registry clients that wait briefly and retry once, so a command or a request never hangs on it. */
final class RegistryClients {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private RegistryClients() {
    }

    /** A client of the configured registry with short timeouts and one retry; the caller closes it. */
    static SchemaRegistryClient bounded(FlywheelConfig config) {
        RegistryClientConfig registry = RegistryClientConfig.of(config.registryUrl().toString())
                .withTimeouts(CONNECT_TIMEOUT, REQUEST_TIMEOUT)
                .withRetry(new RetryPolicy(1, Duration.ofMillis(100), Duration.ofMillis(500)));
        if (config.registryUserInfo().isPresent()) {
            registry = registry.withUserInfo(config.registryUserInfo().get().value());
        }
        return new HttpSchemaRegistryClient(registry);
    }

    /** What to do when the registry cannot be reached. */
    static final String FIX = "start `flywheel up` or set " + envName(REGISTRY_URL);

    /** "Schema registry at X is not reachable". */
    static String notReachable(FlywheelConfig config) {
        return "Schema registry at " + config.registryUrl() + " is not reachable";
    }
}

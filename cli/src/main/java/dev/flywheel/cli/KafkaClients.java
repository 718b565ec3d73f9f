package dev.flywheel.cli;

import static dev.flywheel.topology.config.FlywheelSettings.BOOTSTRAP_SERVERS;
import static dev.flywheel.topology.config.FlywheelSettings.envName;

import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The Kafka clients of the short-lived commands ({@code topics}, {@code tail}, {@code train}, {@code doctor},
 * {@code run}): every request bounded by one timeout, and one sentence that says what to do when the cluster
 * cannot be reached.
 */
final class KafkaClients {

    /** How long a command waits for Kafka to answer. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** What to do when Kafka cannot be reached. */
    static final String FIX = "start `flywheel up` or set " + envName(BOOTSTRAP_SERVERS);

    private KafkaClients() {
    }

    /** The client properties with every request and API call bounded by {@code timeout}. */
    static Properties bounded(FlywheelConfig config, Duration timeout) {
        Properties props = ClientConfigs.kafka(config);
        int millis = (int) timeout.toMillis();
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, millis);
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        props.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        return props;
    }

    /** An Admin client whose calls give up after {@code timeout}. */
    static Admin admin(FlywheelConfig config, Duration timeout) {
        Properties props = bounded(config, timeout);
        props.put(AdminClientConfig.RETRIES_CONFIG, 1);
        return Admin.create(props);
    }

    /**
     * Fails with one clear line when the cluster does not answer: the first thing a command does, so that a
     * stopped broker reads as such rather than as a timeout of whatever came next.
     *
     * @throws IllegalStateException saying where Kafka was looked for and how to fix it
     */
    static void requireReachable(Admin admin, FlywheelConfig config, Duration timeout) {
        try {
            admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException(notReachable(config) + " (" + Flywheel.describe(cause) + "): " + FIX, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while connecting to Kafka", e);
        }
    }

    /** "Kafka at X is not reachable". */
    static String notReachable(FlywheelConfig config) {
        return "Kafka at " + String.join(",", config.bootstrapServers()) + " is not reachable";
    }
}

package dev.flywheel.platform.testing;

import dev.flywheel.platform.kafka.EmbeddedKafka;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The one way integration tests reach Kafka: a single broker shared by every test of the JVM.
 *
 * <p>By default it is the real in-process broker ({@link EmbeddedKafka}, KRaft combined mode, free
 * port). With {@code -Dflywheel.it.kafka=testcontainers} the same tests run against Testcontainers'
 * Kafka module instead; where no Docker engine exists (our build machines) those tests are skipped with
 * a message saying so, never failed.
 */
public final class KafkaFixture {

    public static final String MODE_PROPERTY = "flywheel.it.kafka";

    private static final Logger log = LoggerFactory.getLogger(KafkaFixture.class);
    private static final String KAFKA_IMAGE = "apache/kafka:4.1.0";

    private static String bootstrapServers;

    private KafkaFixture() {
    }

    /** {@code bootstrap.servers} of the shared broker, starting it on first use. */
    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            bootstrapServers = isTestcontainersMode() ? startContainer() : startEmbedded();
        }
        return bootstrapServers;
    }

    /** True when the tests were asked to run against Testcontainers instead of the embedded broker. */
    public static boolean isTestcontainersMode() {
        String mode = System.getProperty(MODE_PROPERTY, "embedded").trim();
        return switch (mode) {
            case "", "embedded" -> false;
            case "testcontainers" -> true;
            default -> throw new IllegalArgumentException(
                    MODE_PROPERTY + " must be 'embedded' or 'testcontainers', was '" + mode + "'");
        };
    }

    private static String startEmbedded() {
        EmbeddedKafka kafka = EmbeddedKafka.builder().port(0).build();
        kafka.start();
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop, "kafka-fixture-stop"));
        return kafka.bootstrapServers();
    }

    private static String startContainer() {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            docker = false;
        }
        Assumptions.assumeTrue(docker, "-D" + MODE_PROPERTY + "=testcontainers needs a Docker engine and none "
                + "is reachable here: skipping. Run without the flag to use the in-process broker.");
        KafkaContainer container = new KafkaContainer(KAFKA_IMAGE);
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "kafka-container-stop"));
        log.info("Integration tests use Testcontainers Kafka at {}", container.getBootstrapServers());
        return container.getBootstrapServers();
    }
}

package dev.flywheel.platform.kafka;

import dev.flywheel.platform.DataDirectory;
import dev.flywheel.platform.EmbeddedService;
import dev.flywheel.platform.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker running in this JVM in KRaft combined mode (one node that is both broker
 * and controller). Not a fake: clients talk to it over TCP exactly as to a cluster, transactions and
 * exactly-once included.
 *
 * <p>The replication settings of the internal topics are lowered to 1, without which a single node
 * serves no consumer group and no transaction. The data directory is formatted on first start only,
 * so a persistent directory keeps topics and offsets across restarts.
 */
public final class EmbeddedKafka implements EmbeddedService {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;

    private final String host;
    private final int configuredPort;
    private final int configuredControllerPort;
    private final Path configuredDataDir;
    private final Map<String, String> overrides;
    private final Duration startTimeout;

    private KafkaRaftServer server;
    private DataDirectory dataDir;
    private int port;

    private EmbeddedKafka(Builder builder) {
        this.host = builder.host;
        this.configuredPort = builder.port;
        this.configuredControllerPort = builder.controllerPort;
        this.configuredDataDir = builder.dataDir;
        this.overrides = Map.copyOf(builder.overrides);
        this.startTimeout = builder.startTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        int brokerPort = Ports.resolve("Kafka broker", host, configuredPort);
        int controllerPort = Ports.resolve("Kafka controller", host, configuredControllerPort);
        DataDirectory dir = DataDirectory.of(configuredDataDir, "kafka");
        try {
            Path logDir = dir.path().resolve("kraft");
            Files.createDirectories(logDir);
            Map<String, String> props = brokerProperties(brokerPort, controllerPort, logDir);
            formatIfNeeded(logDir);
            KafkaRaftServer raftServer = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
            raftServer.startup();
            this.server = raftServer;
            this.dataDir = dir;
            this.port = brokerPort;
            awaitReady();
            log.info("Kafka broker ready at {} (data in {})", endpoint(), dir.path());
        } catch (Exception e) {
            stopQuietlyAfterFailedStart(dir);
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("Kafka broker failed to start: " + e.getMessage(), e);
        }
    }

    private Map<String, String> brokerProperties(int brokerPort, int controllerPort, Path logDir) {
        Map<String, String> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        props.put("listeners", "PLAINTEXT://" + host + ":" + brokerPort + ",CONTROLLER://" + host + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + host + ":" + brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        // A single node: internal topics must not ask for more replicas than exist, or consumer
        // groups and transactions (exactly-once) never become available.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("num.partitions", "1");
        // Without this every group join waits 3 s for more members.
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        props.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        props.putAll(overrides);
        return props;
    }

    private static void formatIfNeeded(Path logDir) throws Exception {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return; // a persistent directory from an earlier run: keep its cluster id and data
        }
        new Formatter()
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(logDir.toString()))
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName("CONTROLLER")
                .setReleaseVersion(MetadataVersion.latestProduction())
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                .run();
    }

    /** The broker answers metadata requests only once it has registered with its controller. */
    private void awaitReady() throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoint());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        long deadline = System.nanoTime() + startTimeout.toNanos();
        try (Admin admin = Admin.create(props)) {
            while (true) {
                try {
                    int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(5000))
                            .nodes().get(5, TimeUnit.SECONDS).size();
                    if (nodes > 0) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Kafka broker at " + endpoint()
                                + " did not become ready within " + startTimeout, e);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka broker at " + endpoint()
                            + " has no registered node after " + startTimeout);
                }
                Thread.sleep(100);
            }
        }
    }

    private void stopQuietlyAfterFailedStart(DataDirectory dir) {
        try {
            if (server != null) {
                server.shutdown();
                server.awaitShutdown();
            }
        } catch (RuntimeException suppressed) {
            log.warn("Kafka broker did not shut down cleanly after a failed start", suppressed);
        } finally {
            server = null;
            dir.release();
        }
    }

    @Override
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        log.info("Stopping Kafka broker at {}", endpoint());
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            server = null;
            dataDir.release();
            dataDir = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null;
    }

    /** {@code host:port} of the PLAINTEXT listener. */
    @Override
    public synchronized String endpoint() {
        if (server == null) {
            throw new IllegalStateException("Kafka broker is not running");
        }
        return host + ":" + port;
    }

    /** Same as {@link #endpoint()}: the value for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return endpoint();
    }

    /** Where the broker keeps its log, while running. */
    public synchronized Path dataDirectory() {
        if (dataDir == null) {
            throw new IllegalStateException("Kafka broker is not running");
        }
        return dataDir.path();
    }

    /** Settings of an embedded broker. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 9092;
        private int controllerPort = 0;
        private Path dataDir;
        private final Map<String, String> overrides = new HashMap<>();
        private Duration startTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Client port; default 9092; {@code 0} picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Controller (KRaft) port; default {@code 0}, a free one. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = controllerPort;
            return this;
        }

        /** A persistent data directory; when unset, a fresh one is created and deleted on stop. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Any broker setting, applied over the single-node defaults. */
        public Builder brokerConfig(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        public EmbeddedKafka build() {
            return new EmbeddedKafka(this);
        }
    }
}

package dev.flywheel.bench;

import dev.flywheel.platform.kafka.EmbeddedKafka;
import dev.flywheel.platform.registry.SchemaRegistryServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/** A fresh in-process broker and schema registry for one benchmark run, on free ports. */
final class BenchCluster implements AutoCloseable {

    private final EmbeddedKafka kafka;
    private final SchemaRegistryServer registry;
    private final Admin admin;
    /** Kafka Streams state of this run only: a folder shared between runs would hand one run another's checkpoints. */
    private final Path stateDir;

    BenchCluster() {
        try {
            stateDir = Files.createTempDirectory("flywheel-bench-streams-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the benchmark's Kafka Streams state folder", e);
        }
        kafka = EmbeddedKafka.builder().port(0).build();
        kafka.start();
        registry = SchemaRegistryServer.builder().port(0).bootstrapServers(kafka.bootstrapServers()).build();
        registry.start();
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    String registryUrl() {
        return registry.endpoint();
    }

    Path stateDir() {
        return stateDir;
    }

    void createTopics(int partitions, String... names) throws ExecutionException, InterruptedException {
        admin.createTopics(java.util.Arrays.stream(names).map(name -> new NewTopic(name, partitions, (short) 1))
                .toList()).all().get();
    }

    void createTopics(List<NewTopic> topics) throws ExecutionException, InterruptedException {
        admin.createTopics(topics).all().get();
    }

    @Override
    public void close() {
        try {
            admin.close();
            registry.stop();
        } finally {
            kafka.stop();
            deleteStateDir();
        }
    }

    private void deleteStateDir() {
        try (var paths = Files.walk(stateDir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the benchmark's state folder " + stateDir, e);
        }
    }
}

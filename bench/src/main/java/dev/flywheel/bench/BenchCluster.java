package dev.flywheel.bench;

import dev.flywheel.platform.kafka.EmbeddedKafka;
import dev.flywheel.platform.registry.SchemaRegistryServer;
import java.nio.file.Path;
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

    BenchCluster() {
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
        return kafka.dataDirectory().resolveSibling("streams-state");
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
        }
    }
}

package dev.flywheel.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.schemas.serde.SchemaRegistryAccessException;
import dev.flywheel.topology.config.FlywheelConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code flywheel tail TOPIC}: prints a topic's records as JSON lines, keys and values decoded through the schema
 * registry ({@link RecordDecoder}). Follows new records until Ctrl-C, {@code --max} records, or with
 * {@code --no-follow} the end the topic had when the command started.
 */
@Command(name = "tail", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print a topic's records as JSON lines, decoded through the schema registry.",
            "Records that cannot be decoded are printed with \"undecodable\": true, the reason and their bytes."})
final class TailCommand implements Callable<Integer> {

    private static final Duration POLL = Duration.ofMillis(200);

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "The topic to read.")
    String topic;

    @Option(names = "--from-beginning", description = "Start at the oldest record (default: only new records).")
    boolean fromBeginning;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N records.")
    Long max;

    @Option(names = "--partition", paramLabel = "P", description = "Read only this partition.")
    Integer partition;

    @Option(names = "--no-follow", description = "Stop at the end the topic had when the command started.")
    boolean noFollow;

    @Mixin
    SettingsOptions settings = new SettingsOptions();

    @Override
    public Integer call() throws Exception {
        if (max != null && max < 1) {
            throw new picocli.CommandLine.ParameterException(command.commandLine(), "--max must be at least 1");
        }
        FlywheelConfig config = settings.load();
        try (Admin admin = KafkaClients.admin(config, KafkaClients.TIMEOUT)) {
            KafkaClients.requireReachable(admin, config, KafkaClients.TIMEOUT);
        }
        Properties props = KafkaClients.bounded(config, KafkaClients.TIMEOUT);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (SchemaRegistryClient registry = RegistryClients.bounded(config);
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                     new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, KafkaClients.TIMEOUT);
            print(consumer, new RecordDecoder(registry), partitions, end, config);
        }
        return 0;
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, KafkaClients.TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("Topic " + topic + " does not exist (see `flywheel topics`)");
        }
        List<TopicPartition> all = infos.stream().map(i -> new TopicPartition(topic, i.partition()))
                .sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
        if (partition == null) {
            return all;
        }
        if (partition < 0 || partition >= all.size()) {
            throw new IllegalArgumentException("Topic " + topic + " has no partition " + partition + " (it has "
                    + all.size() + ": 0.." + (all.size() - 1) + ")");
        }
        return List.of(new TopicPartition(topic, partition));
    }

    private void print(KafkaConsumer<byte[], byte[]> consumer, RecordDecoder decoder, List<TopicPartition> partitions,
                       Map<TopicPartition, Long> end, FlywheelConfig config) {
        PrintWriter out = command.commandLine().getOut();
        ObjectMapper json = new ObjectMapper();
        long printed = 0;
        while (!(noFollow && reached(consumer, partitions, end))) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                try {
                    out.println(json.writeValueAsString(decoder.decode(record)));
                } catch (SchemaRegistryAccessException e) {
                    throw new IllegalStateException(RegistryClients.notReachable(config) + " (" + e.getMessage() + "): "
                            + RegistryClients.FIX, e);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException("Cannot print a record as JSON: " + e.getMessage(), e);
                }
                if (max != null && ++printed >= max) {
                    out.flush();
                    return;
                }
            }
            out.flush();
        }
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
                                   Map<TopicPartition, Long> end) {
        return partitions.stream().allMatch(p -> consumer.position(p, KafkaClients.TIMEOUT) >= end.get(p));
    }
}

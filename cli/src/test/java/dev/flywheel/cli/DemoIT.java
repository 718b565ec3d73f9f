package dev.flywheel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.schemas.events.DatasetSnapshot;
import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.schemas.events.DriftResolved;
import dev.flywheel.schemas.events.ModelPromoted;
import dev.flywheel.schemas.events.ModelVersion;
import dev.flywheel.schemas.events.TrainingJobStatus;
import dev.flywheel.schemas.events.TrainingRequested;
import dev.flywheel.schemas.events.TrainingState;
import dev.flywheel.schemas.events.TriggerKind;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.topics.Topic;
import dev.flywheel.topology.topics.TopicCatalogue;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * {@code flywheel demo} run in-process to completion on the real embedded infrastructure (broker, schema registry,
 * Redis, S3) with the reference trainer as a child process. Each step of the loop is checked from the events on the
 * backbone topics, read before the demo stops them, not from its output: the bootstrap champion, a drift alarm
 * against its dataset, the training request the alarm caused, the dataset, the SUCCEEDED job, the new version, its
 * promotion, and the drift monitor's switch to the new dataset.
 */
class DemoIT {

    private static final Logger LOG = LoggerFactory.getLogger(DemoIT.class);
    private static final Path TRAINER = Path.of(System.getProperty("flywheel.trainer.jar",
            "../trainer/target/flywheel-trainer.jar"));

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void shouldCloseTheLoopOnItsOwnAndLeaveEachStepOnTheTopics() {
        assertThat(TRAINER).as("the trainer jar: build it first (./mvnw -pl trainer -am package)").exists();
        AtomicReference<Map<String, List<SpecificRecord>>> topics = new AtomicReference<>();
        CommandLine commandLine = commandLine();
        DemoCommand demo = commandLine.getSubcommands().get("demo").getCommand();
        demo.afterLoop = backbone -> topics.set(readAll(backbone));

        int exit = commandLine.execute("demo", "--trainer-jar", TRAINER.toString(), "--timeout", "8m");

        LOG.info("flywheel demo printed:\n{}", out);
        assertThat(exit).as("stdout:%n%s%nstderr:%n%s", out, err).isZero();
        Map<String, List<SpecificRecord>> events = topics.get();
        List<SpecificRecord> drift = events.get("flywheel.drift");
        List<SpecificRecord> training = events.get("flywheel.training");
        List<SpecificRecord> models = events.get("flywheel.models");
        List<SpecificRecord> datasets = events.get("flywheel.datasets");

        // the bootstrap: a manual training whose version 1 became the first champion
        TrainingRequested manual = only(training, TrainingRequested.class).stream()
                .filter(request -> request.getTrigger() == TriggerKind.MANUAL).findFirst().orElseThrow();
        ModelPromoted v1 = promotion(models, 1);
        ModelVersion version1 = version(models, 1);
        assertThat(version1.getRequestId()).isEqualTo(manual.getRequestId());
        assertThat(v1.getDatasetId()).isEqualTo(version1.getDatasetId());

        // drift detected against the champion's dataset
        List<DriftDetected> alarms = only(drift, DriftDetected.class);
        assertThat(alarms).isNotEmpty().allSatisfy(alarm -> {
            assertThat(alarm.getReferenceDatasetId()).isEqualTo(v1.getDatasetId());
            assertThat(alarm.getModelVersion()).isEqualTo(1);
        });
        assertThat(alarms).anySatisfy(alarm -> assertThat(alarm.getFeature()).isEqualTo("card_activity:last_amount"));

        // -> a training request caused by the alarms
        TrainingRequested retrain = only(training, TrainingRequested.class).stream()
                .filter(request -> request.getTrigger() == TriggerKind.DRIFT).findFirst().orElseThrow();
        assertThat(retrain.getCauses()).isNotEmpty().allSatisfy(cause -> assertThat(alarms)
                .extracting(DriftDetected::getEventId).contains(cause));

        // -> a dataset -> a local training job that succeeded on it
        DatasetSnapshot snapshot = only(datasets, DatasetSnapshot.class).stream()
                .filter(each -> retrain.getRequestId().equals(each.getRequestId())).findFirst().orElseThrow();
        assertThat(snapshot.getRowCount()).isGreaterThan(DemoCommand.DEFAULT_WARMUP_ROWS);
        assertThat(snapshot.getProfiles()).isNotEmpty();
        TrainingJobStatus succeeded = only(training, TrainingJobStatus.class).stream()
                .filter(status -> status.getRequestId().equals(retrain.getRequestId())
                        && status.getState() == TrainingState.SUCCEEDED).findFirst().orElseThrow();
        assertThat(succeeded.getBackend()).isEqualTo("local");
        assertThat(succeeded.getDatasetId()).isEqualTo(snapshot.getDatasetId());
        assertThat(succeeded.getMetrics()).containsKey("auc");

        // -> version 2 registered from that job, promoted over version 1
        ModelVersion version2 = version(models, 2);
        assertThat(version2.getRequestId()).isEqualTo(retrain.getRequestId());
        assertThat(version2.getDatasetId()).isEqualTo(snapshot.getDatasetId());
        ModelPromoted v2 = promotion(models, 2);
        assertThat(v2.getPreviousVersion()).isEqualTo(1);
        assertThat(v2.getDatasetId()).isEqualTo(snapshot.getDatasetId());
        assertThat(v2.getValue()).isGreaterThan(v2.getPreviousValue());

        // -> the drift monitor switched to the new champion's dataset: its open alarms closed because of it
        List<DriftResolved> switched = only(drift, DriftResolved.class).stream()
                .filter(resolved -> "REFERENCE_CHANGED".equals(resolved.getReason())).toList();
        assertThat(switched).isNotEmpty().allSatisfy(resolved -> assertThat(resolved.getCauses())
                .contains(snapshot.getEventId(), v2.getEventId()));

        // and the terminal told the story and its summary
        assertThat(out.toString()).contains("drift detected", "training requested", "dataset built",
                "SUCCEEDED", "promoted", "monitor switched", "The loop closed on its own", "dashboard");
    }

    @Test
    void shouldExitOneWithOneLineWhenTheLoopDoesNotCompleteInTime() {
        int exit = commandLine().execute("demo", "--timeout", "1s");

        assertThat(exit).isEqualTo(Flywheel.EXIT_FAILURE);
        assertThat(err.toString().lines().filter(line -> line.startsWith("flywheel:")).toList()).singleElement()
                .asString().startsWith("flywheel: demo: the loop did not complete within 1 s: stuck at warm-up");
    }

    private CommandLine commandLine() {
        CommandLine commandLine = Flywheel.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine;
    }

    private static <T> List<T> only(List<SpecificRecord> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static ModelPromoted promotion(List<SpecificRecord> models, int version) {
        return only(models, ModelPromoted.class).stream().filter(promoted -> promoted.getVersion() == version)
                .findFirst().orElseThrow(() -> new AssertionError("no promotion of version " + version));
    }

    private static ModelVersion version(List<SpecificRecord> models, int version) {
        return only(models, ModelVersion.class).stream().filter(each -> each.getVersion() == version).findFirst()
                .orElseThrow(() -> new AssertionError("no version " + version));
    }

    /** Every committed event of the four loop topics, in partition order, read to their ends. */
    private static Map<String, List<SpecificRecord>> readAll(LocalBackbone backbone) {
        TopicCatalogue topics = backbone.catalogue();
        Map<String, Object> config = new HashMap<>();
        ClientConfigs.kafka(backbone.config()).forEach((key, value) -> config.put((String) key, value));
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, List<SpecificRecord>> events = new HashMap<>();
        for (Topic<String, ? extends SpecificRecord> topic : List.of(topics.drift(), topics.training(),
                topics.datasets(), topics.models())) {
            events.put(topic.name(), read(config, topic));
        }
        return events;
    }

    private static List<SpecificRecord> read(Map<String, Object> config, Topic<String, ? extends SpecificRecord> topic) {
        List<SpecificRecord> events = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() != null) {
                        events.add(topic.valueSerde().deserializer().deserialize(topic.name(), record.value()));
                    }
                }
            }
        }
        return events;
    }
}

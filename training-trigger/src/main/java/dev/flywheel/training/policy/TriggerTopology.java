package dev.flywheel.training.policy;

import dev.flywheel.schemas.events.DataAvailable;
import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.schemas.events.TrainingJobStatus;
import dev.flywheel.schemas.events.TrainingRequested;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.topics.Topic;
import dev.flywheel.topology.topics.TopicCatalogue;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The training trigger's policy stage, a pure factory:
 *
 * <pre>
 * flywheel.drift (DriftDetected) ──── to each model it concerns ─┐
 * flywheel.data-available ─────────── to each model reading it ──┼─ repartition "trigger-inputs-by-model"
 * flywheel.training (requests, statuses) ── by model ────────────┘      │
 *                                                policy (store trigger-policy, wall-clock tick)
 *                                                                       └─▶ flywheel.training (TrainingRequested)
 * </pre>
 *
 * Re-keying by model gives one task every event of a model, so cooldown, coalescing and concurrency need no
 * coordination. The stage reads its own requests back from {@code flywheel.training}: that is how manual requests and
 * job ends reach it, and replaying them is harmless.
 */
public final class TriggerTopology {

    /** The policy state store (JSON {@link PolicyState} per model, changelogged). */
    public static final String POLICY_STORE = "trigger-policy";
    /** The repartition topic's name inside the application. */
    public static final String BY_MODEL = "trigger-inputs-by-model";

    private TriggerTopology() {
    }

    /**
     * Builds the topology.
     *
     * @param spec the models and monitors
     * @param topics the catalogue
     * @param settings severity floor, tick, partitions
     * @param metrics the counters
     * @return the topology
     */
    public static Topology buildTopology(FlywheelSpec spec, TopicCatalogue topics, PolicySettings settings,
                                         PolicyMetrics metrics) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(POLICY_STORE),
                Serdes.String(), new JsonSerde<>(PolicyState.class)));
        RetrainPolicy policy = new RetrainPolicy(spec, settings.minSeverity());
        Topic<String, SpecificRecord> training = topics.training();

        KStream<String, SpecificRecord> drift = builder.stream(topics.drift().name(),
                        Consumed.with(topics.drift().keySerde(), topics.drift().valueSerde()).withName("drift"))
                .flatMap((key, value) -> value instanceof DriftDetected alarm
                        ? policy.modelsOf(alarm).stream().map(m -> KeyValue.pair(m, value)).toList()
                        : List.<KeyValue<String, SpecificRecord>>of(), Named.as("drift-by-model"));
        KStream<String, SpecificRecord> data = builder.stream(topics.dataAvailable().name(),
                        Consumed.with(topics.dataAvailable().keySerde(), topics.dataAvailable().valueSerde())
                                .withName("data-available"))
                .flatMap((key, value) -> policy.modelsOf(value).stream()
                        .map(m -> KeyValue.pair(m, (SpecificRecord) value)).toList(), Named.as("data-by-model"));
        KStream<String, SpecificRecord> jobs = builder.stream(training.name(),
                        Consumed.with(training.keySerde(), training.valueSerde()).withName("training"))
                .flatMap((key, value) -> value instanceof TrainingRequested request
                        ? List.of(KeyValue.pair(request.getModel(), value))
                        : value instanceof TrainingJobStatus status
                        ? List.of(KeyValue.pair(status.getModel(), value))
                        : List.<KeyValue<String, SpecificRecord>>of(), Named.as("training-by-model"));

        drift.merge(data, Named.as("drift-and-data")).merge(jobs, Named.as("trigger-inputs"))
                .repartition(Repartitioned.<String, SpecificRecord>as(BY_MODEL).withKeySerde(Serdes.String())
                        .withValueSerde(training.valueSerde()).withNumberOfPartitions(settings.partitions()))
                .process(() -> new PolicyProcessor(spec, settings, metrics), Named.as("policy"), POLICY_STORE)
                .to(training.name(), Produced.with(training.keySerde(), training.valueSerde()).withName("requests"));
        return builder.build();
    }
}

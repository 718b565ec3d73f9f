package dev.flywheel.drift.stream;

import dev.flywheel.schemas.events.DatasetSnapshot;
import dev.flywheel.schemas.events.FeatureKind;
import dev.flywheel.schemas.events.FeatureProfile;
import dev.flywheel.schemas.events.ModelPromoted;
import dev.flywheel.schemas.registry.InMemorySchemaRegistryClient;
import dev.flywheel.topology.spec.DriftMethod;
import dev.flywheel.topology.spec.ErrorRateDetector;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.LabelSpec;
import dev.flywheel.topology.spec.MonitorSpec;
import dev.flywheel.topology.spec.MonitorTarget;
import dev.flywheel.topology.spec.MonitorWindow;
import dev.flywheel.topology.topics.AvroTopicSerdes;
import dev.flywheel.topology.topics.CleanupPolicy;
import dev.flywheel.topology.topics.TopicCatalogue;
import dev.flywheel.topology.topics.TopicNames;
import dev.flywheel.topology.topics.TopicSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.utils.Bytes;

/**
 * A model {@code fraud} whose predictions ({@code card_id}, {@code score}, event time {@code ts}) arrive on
 * topic {@code predictions}, and a label {@code fraud_label} ({@code card_id}, {@code is_fraud}) on topic
 * {@code labels}; the catalogue on an in-memory registry.
 */
final class PredictionFixture {

    static final String MODEL = "fraud";
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    static final MonitorTarget.PredictionStream STREAM = new MonitorTarget.PredictionStream("predictions", "card_id",
            "score", Optional.of("ts"));
    static final LabelSpec LABEL = new LabelSpec("fraud_label", "labels", "card_id", Optional.empty(), "is_fraud");

    static final Schema PREDICTION = SchemaBuilder.record("prediction").namespace("dev.flywheel.test").fields()
            .requiredString("card_id").requiredDouble("score")
            .name("ts").type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
            .endRecord();
    static final Schema LABEL_ROW = SchemaBuilder.record("label").namespace("dev.flywheel.test").fields()
            .requiredString("card_id").requiredBoolean("is_fraud").endRecord();

    final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    final FlywheelSpec spec;
    final TopicCatalogue topics;

    PredictionFixture(MonitorSpec monitor) {
        spec = new FlywheelSpec("test", List.of(), List.of(), List.of(LABEL), List.of(monitor), List.of());
        topics = TopicCatalogue.of(spec, new TopicNames(""), new TopicSettings(1, Optional.empty(),
                CleanupPolicy.DELETE, Optional.empty(), Map.of()), new AvroTopicSerdes(registry, Map.of()));
    }

    static MonitorSpec prediction(MonitorWindow window) {
        return new MonitorSpec("score_drift", new MonitorTarget.Prediction(STREAM), Optional.of(MODEL), Optional.empty(),
                window, DriftMethod.AUTO, OptionalDouble.empty(), 0.5, List.of(), ErrorRateDetector.ADWIN,
                Duration.ofHours(1));
    }

    static MonitorSpec concept(ErrorRateDetector detector, OptionalDouble threshold) {
        return new MonitorSpec("fraud_errors", new MonitorTarget.Concept(STREAM, LABEL.name()), Optional.of(MODEL),
                Optional.empty(), new MonitorWindow.Count(100, 100), DriftMethod.AUTO, threshold, 0.5, List.of(),
                detector, Duration.ofHours(1));
    }

    /** A prediction monitor whose reference is an explicit dataset. */
    static MonitorSpec pinned(MonitorWindow window, String datasetId) {
        MonitorSpec monitor = prediction(window);
        return new MonitorSpec(monitor.name(), monitor.target(), monitor.model(), Optional.of(datasetId),
                monitor.window(), monitor.method(), monitor.threshold(), monitor.driftShare(), monitor.features(),
                monitor.detector(), monitor.cooldown());
    }

    /**
     * A snapshot of scored data: a profile of {@code predictions:score}, 1,000 values in 10 bins of 100 between
     * the 9 edges {@code low + step}, ..., {@code low + 9 step} (underflow and overflow hold 100 each), beside a
     * feature profile the prediction monitor does not watch.
     */
    static DatasetSnapshot scored(String id, double low, double step) {
        List<Double> edges = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            edges.add(low + i * step);
        }
        for (int i = 0; i <= 9; i++) {
            counts.add(100L);
        }
        FeatureProfile score = FeatureProfile.newBuilder().setFeature(STREAM.topic() + ":" + STREAM.field())
                .setKind(FeatureKind.NUMERIC).setCount(1000).setBinEdges(edges).setBinCounts(counts)
                .setMean(low + 5 * step).setStd(10 * step / Math.sqrt(12)).setMin(low).setMax(low + 10 * step).build();
        FeatureProfile other = FeatureProfile.newBuilder().setFeature("card_spend:amount").setKind(FeatureKind.NUMERIC)
                .setCount(10).setBinEdges(List.of(1.0)).setBinCounts(List.of(5L, 5L)).setMean(1.0).setStd(1.0)
                .setMin(0.0).setMax(2.0).build();
        return DatasetSnapshot.newBuilder().setEventId("snapshot-" + id).setOccurredAt(T0).setDatasetId(id)
                .setUri("s3://b/" + id).setManifestUri("s3://b/" + id + "/manifest.json").setRowCount(1000)
                .setFeatureRefs(List.of("card_spend:amount")).setProfiles(List.of(other, score)).build();
    }

    static Bytes key(String card) {
        return Bytes.wrap(card.getBytes(StandardCharsets.UTF_8));
    }

    static GenericRecord prediction(String card, double score, long time) {
        GenericData.Record row = new GenericData.Record(PREDICTION);
        row.put("card_id", card);
        row.put("score", score);
        row.put("ts", time);
        return row;
    }

    static GenericRecord label(String card, boolean fraud) {
        GenericData.Record row = new GenericData.Record(LABEL_ROW);
        row.put("card_id", card);
        row.put("is_fraud", fraud);
        return row;
    }

    static ModelPromoted promoted(int version) {
        return ModelPromoted.newBuilder().setEventId("promoted-" + version).setOccurredAt(T0).setModel(MODEL)
                .setVersion(version).setDatasetId("D" + version).setReason("test").build();
    }
}

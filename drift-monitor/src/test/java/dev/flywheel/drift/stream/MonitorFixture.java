package dev.flywheel.drift.stream;

import dev.flywheel.schemas.events.DatasetSnapshot;
import dev.flywheel.schemas.events.FeatureKind;
import dev.flywheel.schemas.events.FeatureProfile;
import dev.flywheel.schemas.events.ModelPromoted;
import dev.flywheel.schemas.registry.InMemorySchemaRegistryClient;
import dev.flywheel.topology.spec.Aggregation;
import dev.flywheel.topology.spec.DriftMethod;
import dev.flywheel.topology.spec.ErrorRateDetector;
import dev.flywheel.topology.spec.FeatureSpec;
import dev.flywheel.topology.spec.FeatureViewSpec;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.MonitorSpec;
import dev.flywheel.topology.spec.MonitorTarget;
import dev.flywheel.topology.spec.MonitorWindow;
import dev.flywheel.topology.spec.SourceSpec;
import dev.flywheel.topology.spec.TimeBounds;
import dev.flywheel.topology.topics.AvroTopicSerdes;
import dev.flywheel.topology.topics.CleanupPolicy;
import dev.flywheel.topology.topics.TopicCatalogue;
import dev.flywheel.topology.topics.TopicNames;
import dev.flywheel.topology.topics.TopicSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * A view {@code card_spend} with a numeric {@code amount} and a categorical {@code country}, its catalogue on
 * an in-memory registry, and reference datasets: {@code D1} (amount in [0, 20), country US/DE) and {@code D2}
 * (amount in [20, 40)).
 */
final class MonitorFixture {

    static final String VIEW = "card_spend";
    static final String MODEL = "fraud";
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    static final Schema ROW = SchemaBuilder.record("card_spend").namespace("dev.flywheel.features").fields()
            .requiredString("card_id")
            .name("event_timestamp").type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG)))
            .noDefault()
            .name("created").type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
            .name("amount").type().optional().doubleType()
            .name("country").type().optional().stringType()
            .endRecord();

    final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    final FlywheelSpec spec;
    final TopicCatalogue topics;

    MonitorFixture(MonitorSpec monitor) {
        SourceSpec source = new SourceSpec("txns", "txns", "card_id", Optional.of("ts"), Optional.empty(), List.of(),
                new TimeBounds(TimeBounds.DEFAULT_MAX_FUTURE_SKEW, Optional.empty()), Optional.empty());
        FeatureViewSpec view = new FeatureViewSpec(VIEW, "txns", List.of("card_id"), Optional.empty(), Duration.ZERO,
                List.of(new FeatureSpec("amount", Aggregation.LAST, Optional.of("amount"), Optional.empty()),
                        new FeatureSpec("country", Aggregation.LAST, Optional.of("country"), Optional.empty())));
        spec = new FlywheelSpec("test", List.of(source), List.of(view), List.of(), List.of(monitor), List.of());
        topics = TopicCatalogue.of(spec, new TopicNames(""), new TopicSettings(1, Optional.empty(),
                CleanupPolicy.DELETE, Optional.empty(), Map.of()), new AvroTopicSerdes(registry, Map.of()));
    }

    static MonitorSpec monitor(MonitorWindow window, Duration cooldown) {
        return new MonitorSpec("spend_drift", new MonitorTarget.Data(VIEW), Optional.of(MODEL), Optional.empty(), window,
                DriftMethod.PSI, OptionalDouble.empty(), 0.5, List.of(), ErrorRateDetector.ADWIN, cooldown);
    }

    static GenericRecord row(String card, Double amount, String country, long time) {
        GenericData.Record row = new GenericData.Record(ROW);
        row.put("card_id", card);
        row.put("event_timestamp", time);
        row.put("created", time);
        row.put("amount", amount);
        row.put("country", country);
        return row;
    }

    /** D1: amount 50 in [0, 10), 50 in [10, 20); country US 50, DE 50. */
    static DatasetSnapshot d1() {
        return snapshot("D1", new long[] {0, 50, 50, 0}, 0, 10, 20);
    }

    /** D2: amount 50 in [20, 30), 50 in [30, 40); country US 50, DE 50. */
    static DatasetSnapshot d2() {
        return snapshot("D2", new long[] {0, 50, 50, 0}, 20, 30, 40);
    }

    private static DatasetSnapshot snapshot(String id, long[] amounts, double e0, double e1, double e2) {
        FeatureProfile amount = FeatureProfile.newBuilder().setFeature(VIEW + ":amount").setKind(FeatureKind.NUMERIC)
                .setCount(100).setBinEdges(List.of(e0, e1, e2))
                .setBinCounts(List.of(amounts[0], amounts[1], amounts[2], amounts[3]))
                .setMean((e0 + e2) / 2).setStd((e2 - e0) / 4).setMin(e0).setMax(e2).build();
        FeatureProfile country = FeatureProfile.newBuilder().setFeature(VIEW + ":country")
                .setKind(FeatureKind.CATEGORICAL).setCount(100).setCategoryCounts(Map.of("US", 50L, "DE", 50L)).build();
        return DatasetSnapshot.newBuilder().setEventId("snapshot-" + id).setOccurredAt(T0).setDatasetId(id)
                .setUri("s3://b/" + id).setManifestUri("s3://b/" + id + "/manifest.json").setRowCount(100)
                .setFeatureRefs(List.of(VIEW + ":amount", VIEW + ":country")).setProfiles(List.of(amount, country))
                .build();
    }

    static ModelPromoted promoted(int version, String datasetId) {
        return ModelPromoted.newBuilder().setEventId("promoted-" + version).setOccurredAt(T0).setModel(MODEL)
                .setVersion(version).setDatasetId(datasetId).setReason("test").build();
    }
}

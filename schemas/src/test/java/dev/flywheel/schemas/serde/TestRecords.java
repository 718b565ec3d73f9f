package dev.flywheel.schemas.serde;

import dev.flywheel.schemas.events.BinContribution;
import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.schemas.events.DriftKind;
import dev.flywheel.schemas.events.DriftResolved;
import dev.flywheel.schemas.events.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Schemas and records the serde tests share. */
final class TestRecords {

    static final Schema ORDER_V1 = SchemaBuilder.record("Order").namespace("test").fields()
            .requiredString("id")
            .requiredDouble("amount")
            .name("tags").type().array().items().stringType().arrayDefault(List.of())
            .name("attributes").type().map().values().longType().mapDefault(Map.of())
            .name("note").type().optional().stringType()
            .endRecord();

    /** V1 plus a defaulted field: reads V1 data. */
    static final Schema ORDER_V2 = SchemaBuilder.record("Order").namespace("test").fields()
            .requiredString("id")
            .requiredDouble("amount")
            .name("tags").type().array().items().stringType().arrayDefault(List.of())
            .name("attributes").type().map().values().longType().mapDefault(Map.of())
            .name("note").type().optional().stringType()
            .name("currency").type().stringType().stringDefault("EUR")
            .endRecord();

    /** Only the id: reading V1 data with it skips the array, map and union. */
    static final Schema ORDER_ID_ONLY = SchemaBuilder.record("Order").namespace("test").fields()
            .requiredString("id").endRecord();

    /** amount as a string: cannot read V1 data. */
    static final Schema ORDER_INCOMPATIBLE = SchemaBuilder.record("Order").namespace("test").fields()
            .requiredString("id").requiredString("amount").endRecord();

    private TestRecords() {
    }

    static GenericRecord order(String id, double amount) {
        GenericRecord order = new GenericData.Record(ORDER_V1);
        order.put("id", id);
        order.put("amount", amount);
        order.put("tags", List.of("a", "b"));
        order.put("attributes", Map.of("k", 42L));
        order.put("note", "hello");
        return order;
    }

    static DriftDetected driftDetected() {
        return DriftDetected.newBuilder()
                .setEventId("e-1")
                .setOccurredAt(Instant.ofEpochMilli(1_700_000_000_123L))
                .setCauses(List.of("snap-1"))
                .setMonitor("card_spend_drift")
                .setKind(DriftKind.DATA)
                .setView("card_spend")
                .setFeature("card_spend:amount_sum_24h")
                .setDriftedFeatures(List.of("card_spend:amount_sum_24h"))
                .setMethod("PSI")
                .setScore(0.31)
                .setThreshold(0.1)
                .setPValue(null)
                .setFeatureScores(Map.of("card_spend:amount_sum_24h", 0.31))
                .setDriftedShare(0.5)
                .setSeverity(Severity.HIGH)
                .setWindowStart(Instant.ofEpochMilli(1_700_000_000_000L))
                .setWindowEnd(Instant.ofEpochMilli(1_700_000_100_000L))
                .setWindowSize(10_000)
                .setReferenceSize(50_000)
                .setReferenceDatasetId("ds-abc")
                .setModel("fraud_detector")
                .setModelVersion(3)
                .setTopBins(List.of(BinContribution.newBuilder().setFeature("card_spend:amount_sum_24h")
                        .setBin("[10.0, 20.0)").setLower(10.0).setUpper(20.0).setReferenceShare(0.1)
                        .setWindowShare(0.3).setContribution(0.22).build()))
                .build();
    }

    static DriftResolved driftResolved() {
        return DriftResolved.newBuilder()
                .setEventId("e-2")
                .setOccurredAt(Instant.ofEpochMilli(1_700_000_200_000L))
                .setCauses(List.of("e-1"))
                .setDetectedEventId("e-1")
                .setMonitor("card_spend_drift")
                .setMethod("PSI")
                .setScore(0.05)
                .setThreshold(0.08)
                .setWindowStart(Instant.ofEpochMilli(1_700_000_100_000L))
                .setWindowEnd(Instant.ofEpochMilli(1_700_000_200_000L))
                .build();
    }
}

package dev.flywheel.bench;

import dev.flywheel.schemas.serde.GenericAvroSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Card transactions encoded once, before any timing: each payload is exactly {@link #PAYLOAD_BYTES} bytes
 * of Confluent wire format (magic byte, schema id, Avro body), with a unique transaction id.
 */
final class BenchRecords {

    static final int PAYLOAD_BYTES = 200;
    static final Schema SCHEMA = SchemaBuilder.record("Transaction").namespace("dev.flywheel.bench").fields()
            .requiredString("txn_id")
            .requiredString("card_id")
            .requiredDouble("amount")
            .requiredString("country")
            .requiredString("merchant")
            .name("ts").type(org.apache.avro.LogicalTypes.timestampMillis()
                    .addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
            .endRecord();
    private static final String[] COUNTRIES = {"US", "DE", "FR", "GB"};

    final byte[][] keys;
    final byte[][] values;

    private BenchRecords(byte[][] keys, byte[][] values) {
        this.keys = keys;
        this.values = values;
    }

    /** Registers the schema (under {@code subjectTopic}) and encodes {@code count} records. */
    static BenchRecords create(String registryUrl, String subjectTopic, int count) {
        try (GenericAvroSerializer serializer = new GenericAvroSerializer()) {
            serializer.configure(Map.of("schema.registry.url", registryUrl), false);
            String merchant = padding(serializer, subjectTopic);
            byte[][] keys = new byte[count][];
            byte[][] values = new byte[count][];
            for (int i = 0; i < count; i++) {
                GenericRecord record = record(i, merchant);
                keys[i] = record.get("card_id").toString().getBytes(StandardCharsets.UTF_8);
                values[i] = serializer.serialize(subjectTopic, record);
                if (values[i].length != PAYLOAD_BYTES) {
                    throw new IllegalStateException("payload " + i + " is " + values[i].length + " bytes");
                }
            }
            return new BenchRecords(keys, values);
        }
    }

    /** A merchant name that makes the payload exactly the target size (its length prefix grows with it). */
    private static String padding(GenericAvroSerializer serializer, String subjectTopic) {
        String merchant = "";
        for (int size = serializer.serialize(subjectTopic, record(0, merchant)).length; size != PAYLOAD_BYTES;
                size = serializer.serialize(subjectTopic, record(0, merchant)).length) {
            int adjusted = merchant.length() + PAYLOAD_BYTES - size;
            if (adjusted < 0 || adjusted == merchant.length()) {
                throw new IllegalStateException("cannot pad the record to exactly " + PAYLOAD_BYTES + " bytes");
            }
            merchant = "m".repeat(adjusted);
        }
        return merchant;
    }

    private static GenericRecord record(int i, String merchant) {
        GenericRecord record = new GenericData.Record(SCHEMA);
        // A fixed-width id keeps every payload the same size.
        record.put("txn_id", new UUID(0, i).toString());
        record.put("card_id", String.format("card-%06d", i % 10_000));
        record.put("amount", 10.0 + (i % 1000));
        record.put("country", COUNTRIES[i % COUNTRIES.length]);
        record.put("merchant", merchant);
        record.put("ts", Instant.now().toEpochMilli());
        return record;
    }

    int count() {
        return values.length;
    }
}

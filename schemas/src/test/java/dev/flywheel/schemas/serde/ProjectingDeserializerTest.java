package dev.flywheel.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.schemas.registry.InMemorySchemaRegistryClient;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

/** {@link GenericAvroDeserializer#projecting}: fewer fields built, the same payloads refused for the same reasons. */
class ProjectingDeserializerTest {

    private static final Schema ADDRESS = SchemaBuilder.record("Address").namespace("test").fields()
            .requiredString("city")
            .requiredString("street")
            .endRecord();
    private static final Schema EVENT = SchemaBuilder.record("Event").namespace("test").fields()
            .requiredString("id")
            .requiredBoolean("flag")
            .requiredInt("count")
            .requiredLong("ts")
            .requiredFloat("ratio")
            .requiredDouble("amount")
            .requiredBytes("blob")
            .name("digest").type().fixed("Digest").size(4).noDefault()
            .name("kind").type().enumeration("Kind").symbols("A", "B", "C").noDefault()
            .optionalString("note")
            .name("tags").type().array().items().stringType().noDefault()
            .name("attrs").type().map().values().longType().noDefault()
            .name("address").type(ADDRESS).noDefault()
            .name("maybe").type().unionOf().nullType().and().type(ADDRESS).endUnion().nullDefault()
            .endRecord();
    private static final List<String> PATHS = List.of("id", "amount", "ts", "address.city", "maybe.city");

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final GenericAvroSerializer serializer = new GenericAvroSerializer(registry);
    private final GenericAvroDeserializer full = new GenericAvroDeserializer(registry);
    private final Deserializer<GenericRecord> projected = full.projecting(PATHS);

    private static GenericRecord event(int i) {
        GenericRecord address = new GenericData.Record(ADDRESS);
        address.put("city", "city-" + i);
        address.put("street", "street " + i);
        GenericRecord event = new GenericData.Record(EVENT);
        event.put("id", "e-" + i);
        event.put("flag", i % 2 == 0);
        event.put("count", i * 31);
        event.put("ts", 1_700_000_000_000L + i);
        event.put("ratio", i / 7f);
        event.put("amount", i * 1.5);
        event.put("blob", ByteBuffer.wrap(new byte[] {1, 2, (byte) i}));
        event.put("digest", new GenericData.Fixed(EVENT.getField("digest").schema(), new byte[] {9, 8, 7, (byte) i}));
        event.put("kind", new GenericData.EnumSymbol(EVENT.getField("kind").schema(), "ABC".substring(i % 3, i % 3 + 1)));
        event.put("note", i % 3 == 0 ? null : "note " + i);
        event.put("tags", List.of("t" + i, "u"));
        event.put("attrs", Map.of("k" + i, (long) i));
        event.put("address", address);
        event.put("maybe", i % 2 == 0 ? null : address);
        return event;
    }

    @Test
    void shouldBuildOnlyTheProjectedFieldsWithTheirValues() {
        byte[] payload = serializer.serialize("events", event(7));

        GenericRecord record = projected.deserialize("events", payload);
        GenericRecord whole = full.deserialize("events", payload);

        assertThat(record.getSchema().getFields()).extracting(Schema.Field::name)
                .containsExactly("id", "ts", "amount", "kind", "address", "maybe");
        assertThat(((GenericRecord) record.get("address")).getSchema().getFields()).extracting(Schema.Field::name)
                .containsExactly("city");
        for (String field : List.of("id", "ts", "amount", "kind")) {
            if (record.getSchema().getField(field) != null) {
                assertThat(record.get(field)).hasToString(String.valueOf(whole.get(field)));
            }
        }
        assertThat(((GenericRecord) record.get("address")).get("city")).hasToString("city-7");
        assertThat(((GenericRecord) record.get("maybe")).get("city")).hasToString("city-7");
    }

    @Test
    void shouldRefuseExactlyTheCorruptPayloadsTheFullReadRefusesWithTheSameReason() {
        // given many payloads broken in every way a byte can break them: cut short, extended, bytes replaced
        Random random = new Random(42);
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            byte[] good = serializer.serialize("events", event(i));
            payloads.add(Arrays.copyOf(good, random.nextInt(good.length)));
            payloads.add(Arrays.copyOf(good, good.length + 1 + random.nextInt(3)));
            byte[] flipped = good.clone();
            for (int n = 0; n < 1 + random.nextInt(3); n++) {
                flipped[WireFormat.HEADER_SIZE + random.nextInt(good.length - WireFormat.HEADER_SIZE)] =
                        (byte) random.nextInt(256);
            }
            payloads.add(flipped);
        }
        int refused = 0;
        for (byte[] payload : payloads) {
            // when
            String fullOutcome = outcome(full, payload);
            String projectedOutcome = outcome(projected, payload);

            // then
            assertThat(projectedOutcome).as("payload %s", Arrays.toString(payload)).isEqualTo(fullOutcome);
            refused += fullOutcome.equals("ok") ? 0 : 1;
        }
        assertThat(refused).as("the mutations must break most payloads to prove anything").isGreaterThan(600);
    }

    @Test
    void shouldRefuseAnOutOfRangeEnumOrdinalOutsideThePathsAsCorrupt() {
        byte[] payload = serializer.serialize("events", event(0));
        int kindOffset = indexOfEnumOrdinal(payload);
        payload[kindOffset] = 2 * 5; // zig-zag 5: there are 3 symbols

        assertThat(outcome(projected, payload)).isEqualTo(outcome(full, payload)).isEqualTo("CORRUPT_BODY");
    }

    /** The enum is the byte right after the fixed digest {9, 8, 7, 0}. */
    private static int indexOfEnumOrdinal(byte[] payload) {
        for (int i = 0; i + 4 < payload.length; i++) {
            if (payload[i] == 9 && payload[i + 1] == 8 && payload[i + 2] == 7 && payload[i + 3] == 0) {
                return i + 4;
            }
        }
        throw new IllegalStateException("digest not found");
    }

    private static String outcome(Deserializer<GenericRecord> deserializer, byte[] payload) {
        try {
            deserializer.deserialize("events", payload);
            return "ok";
        } catch (InvalidPayloadException e) {
            return e.reasonCode();
        }
    }
}

package dev.flywheel.schemas.serde;

import static dev.flywheel.schemas.serde.TestRecords.ORDER_V1;
import static dev.flywheel.schemas.serde.TestRecords.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.schemas.ReasonCodes;
import dev.flywheel.schemas.registry.FakeRegistryServer;
import dev.flywheel.schemas.registry.HttpSchemaRegistryClient;
import dev.flywheel.schemas.registry.InMemorySchemaRegistryClient;
import dev.flywheel.schemas.registry.RegistryClientConfig;
import dev.flywheel.schemas.registry.RetryPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class InvalidPayloadTest {

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final GenericAvroDeserializer deserializer = new GenericAvroDeserializer(registry);

    @Test
    void shouldRejectWrongMagicByteWithClearError() {
        byte[] payload = {0x7b, 0, 0, 0, 1, 2, 3};

        assertThatThrownBy(() -> deserializer.deserialize("orders", payload))
                .isInstanceOfSatisfying(WrongMagicByteException.class, e -> {
                    assertThat(e.found()).isEqualTo((byte) 0x7b);
                    assertThat(e.reasonCode()).isEqualTo(ReasonCodes.WRONG_MAGIC_BYTE);
                    assertThat(e.topic()).isEqualTo("orders");
                    assertThat(e.schemaId()).isEmpty();
                })
                .hasMessageContaining("Unknown magic byte 0x7b")
                .hasMessageContaining("topic 'orders'")
                .hasMessageContaining("expected 0x00");
    }

    @Test
    void shouldRejectUnknownSchemaIdNamingIdAndRegistry() {
        byte[] payload = {0, 0, 0, 0, 99, 2, 0x61};

        assertThatThrownBy(() -> deserializer.deserialize("orders", payload))
                .isInstanceOfSatisfying(UnknownSchemaIdException.class, e -> {
                    assertThat(e.reasonCode()).isEqualTo(ReasonCodes.UNKNOWN_SCHEMA_ID);
                    assertThat(e.schemaId()).hasValue(99);
                })
                .hasMessageContaining("Unknown schema id 99")
                .hasMessageContaining("topic 'orders'")
                .hasMessageContaining("schema registry in-memory");
    }

    @Test
    void shouldRejectUnknownSchemaIdFromHttpRegistryNamingItsUrl() throws IOException {
        try (FakeRegistryServer server = new FakeRegistryServer()) {
            server.on("GET /schemas/ids/42", 404, "{\"error_code\":40403,\"message\":\"Schema 42 not found\"}");
            GenericAvroDeserializer remote = new GenericAvroDeserializer(new HttpSchemaRegistryClient(server.url()));

            assertThatThrownBy(() -> remote.deserialize("orders", new byte[] {0, 0, 0, 0, 42, 0}))
                    .isInstanceOf(UnknownSchemaIdException.class)
                    .hasMessageContaining("Unknown schema id 42")
                    .hasMessageContaining(server.url());
        }
    }

    @Test
    void shouldReportRegistryFailureAsRegistryProblemNotBadRecord() throws IOException {
        try (FakeRegistryServer server = new FakeRegistryServer()) {
            server.on("GET /schemas/ids/42", 503, "{\"error_code\":50301,\"message\":\"unavailable\"}");
            GenericAvroDeserializer remote = new GenericAvroDeserializer(new HttpSchemaRegistryClient(
                    RegistryClientConfig.of(server.url()).withRetry(RetryPolicy.NONE)));

            assertThatThrownBy(() -> remote.deserialize("orders", new byte[] {0, 0, 0, 0, 42, 0}))
                    .isInstanceOf(SchemaRegistryAccessException.class)
                    .isNotInstanceOf(InvalidPayloadException.class)
                    .hasMessageContaining("schema id 42")
                    .hasMessageContaining("unavailable");
        }
    }

    @Test
    void shouldRejectEmptyPayloadAsTruncated() {
        assertThatThrownBy(() -> deserializer.deserialize("orders", new byte[0]))
                .isInstanceOfSatisfying(TruncatedPayloadException.class,
                        e -> assertThat(e.reasonCode()).isEqualTo(ReasonCodes.TRUNCATED))
                .hasMessageContaining("payload is empty");
    }

    @Test
    void shouldRejectPayloadShorterThanHeaderAsTruncated() {
        assertThatThrownBy(() -> deserializer.deserialize("orders", new byte[] {0, 0, 1}))
                .isInstanceOf(TruncatedPayloadException.class)
                .hasMessageContaining("topic 'orders'")
                .hasMessageContaining("payload has 3 bytes")
                .hasMessageContaining("at least 5");
    }

    @Test
    void shouldRejectBodyThatEndsEarlyAsTruncated() {
        byte[] valid = new GenericAvroSerializer(registry).serialize("orders", order("o-1", 2));

        for (int cut = WireFormat.HEADER_SIZE; cut < valid.length; cut++) {
            byte[] truncated = Arrays.copyOf(valid, cut);
            assertThatThrownBy(() -> deserializer.deserialize("orders", truncated))
                    .isInstanceOfSatisfying(TruncatedPayloadException.class, e -> {
                        assertThat(e.reasonCode()).isEqualTo(ReasonCodes.TRUNCATED);
                        assertThat(e.schemaId()).isPresent();
                    })
                    .hasMessageContaining("body ends early");
        }
    }

    @Test
    void shouldRejectHugeStringLengthWithoutAllocatingIt() {
        int id = registry.register("orders-value", ORDER_V1);

        byte[] payload = payload(id, varint(Integer.MAX_VALUE - 16), new byte[] {0x61});

        assertThatThrownBy(() -> deserializer.deserialize("orders", payload))
                .isInstanceOf(TruncatedPayloadException.class)
                .hasMessageContaining("a string of 2147483631 bytes");
    }

    @Test
    void shouldRejectHugeArrayCountWithoutAllocatingIt() {
        Schema numbers = SchemaBuilder.record("Numbers").fields().name("values").type().array().items().longType()
                .noDefault().endRecord();
        int id = registry.register("numbers-value", numbers);

        byte[] payload = payload(id, varint(1L << 40), new byte[] {2, 4});

        assertThatThrownBy(() -> deserializer.deserialize("numbers", payload))
                .isInstanceOf(TruncatedPayloadException.class)
                .hasMessageContaining("array block of 1099511627776 items");
    }

    @Test
    void shouldRejectInvalidUnionIndexAsCorrupt() {
        int id = registry.register("orders-value", ORDER_V1);
        // id "a", amount 0.0, no tags, no attributes, then union index 5 of a two-branch union.
        byte[] payload = payload(id, new byte[] {2, 0x61}, new byte[8], new byte[] {0, 0, 10});

        assertThatThrownBy(() -> deserializer.deserialize("orders", payload))
                .isInstanceOfSatisfying(CorruptPayloadException.class, e -> {
                    assertThat(e.reasonCode()).isEqualTo(ReasonCodes.CORRUPT_BODY);
                    assertThat(e.schemaId()).hasValue(id);
                })
                .hasMessageContaining("does not match writer schema test.Order");
    }

    @Test
    void shouldRejectEnumIndexOutOfRangeAsCorrupt() {
        Schema light = SchemaBuilder.record("Light").fields().name("colour").type().enumeration("Colour")
                .symbols("RED", "GREEN").noDefault().endRecord();
        int id = registry.register("lights-value", light);

        assertThatThrownBy(() -> deserializer.deserialize("lights", payload(id, new byte[] {10})))
                .isInstanceOf(CorruptPayloadException.class)
                .hasMessageContaining("writer schema Light");
    }

    @Test
    void shouldRejectTrailingBytesAsCorrupt() {
        byte[] valid = new GenericAvroSerializer(registry).serialize("orders", order("o-1", 2));
        byte[] longer = Arrays.copyOf(valid, valid.length + 2);

        assertThatThrownBy(() -> deserializer.deserialize("orders", longer))
                .isInstanceOf(CorruptPayloadException.class)
                .hasMessageContaining("2 bytes left over");
    }

    @Test
    void shouldRejectNegativeLengthAsCorrupt() {
        int id = registry.register("orders-value", ORDER_V1);

        assertThatThrownBy(() -> deserializer.deserialize("orders", payload(id, new byte[] {3, 0x61})))
                .isInstanceOf(CorruptPayloadException.class)
                .hasMessageContaining("negative length -2");
    }

    @Test
    void shouldRejectInvalidBooleanAsCorrupt() {
        Schema flag = SchemaBuilder.record("Flag").fields().requiredBoolean("on").endRecord();
        int id = registry.register("flags-value", flag);

        assertThatThrownBy(() -> deserializer.deserialize("flags", payload(id, new byte[] {7})))
                .isInstanceOf(CorruptPayloadException.class)
                .hasMessageContaining("invalid boolean byte 7");
    }

    @Test
    void shouldReadSchemaIdOfPayloadWithBrokenBody() {
        assertThat(WireFormat.schemaIdOf(new byte[] {0, 0, 0, 1, 2, (byte) 0xff})).hasValue(258);
        assertThat(WireFormat.schemaIdOf(new byte[] {1, 0, 0, 1, 2})).isEmpty();
        assertThat(WireFormat.schemaIdOf(new byte[] {0, 0})).isEmpty();
        assertThat(WireFormat.schemaIdOf(null)).isEmpty();
    }

    private static byte[] payload(int id, byte[]... body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WireFormat.writeHeader(out, id);
        for (byte[] part : body) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Avro's zig-zag varint of a long. */
    private static byte[] varint(long value) {
        long zigzag = (value << 1) ^ (value >> 63);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((zigzag & ~0x7FL) != 0) {
            out.write((int) ((zigzag & 0x7F) | 0x80));
            zigzag >>>= 7;
        }
        out.write((int) zigzag);
        return out.toByteArray();
    }
}

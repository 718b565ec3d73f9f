package dev.flywheel.ingestion.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.schemas.registry.InMemorySchemaRegistryClient;
import dev.flywheel.schemas.serde.GenericAvroDeserializer;
import dev.flywheel.schemas.serde.SchemaRegistryAccessException;
import dev.flywheel.schemas.serde.WireFormat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FlywheelProducerTest {

    private static final Schema TXN = SchemaBuilder.record("Txn").namespace("dev.flywheel.test").fields()
            .requiredString("card_id")
            .requiredDouble("amount")
            .endRecord();

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final MockProducer<byte[], byte[]> mock = new MockProducer<>(false, null,
            new ByteArraySerializer(), new ByteArraySerializer());

    @AfterEach
    void closeRegistry() {
        registry.close();
    }

    @Test
    void shouldRegisterSchemaUnderTopicValueSubjectAndWriteWireFormat() throws Exception {
        // given
        FlywheelProducer producer = FlywheelProducer.wrapping(mock, registry, true);

        // when
        CompletableFuture<RecordMetadata> sent = producer.send("transactions", "c-1", txn("c-1", 12.5));
        mock.completeNext();

        // then
        assertThat(sent.get().topic()).isEqualTo("transactions");
        ProducerRecord<byte[], byte[]> written = mock.history().get(0);
        assertThat(new String(written.key(), StandardCharsets.UTF_8)).isEqualTo("c-1");
        int id = registry.getLatest("transactions-value").id();
        assertThat(WireFormat.schemaIdOf(written.value())).hasValue(id);
        assertThat(new GenericAvroDeserializer(registry).deserialize("transactions", written.value()))
                .isEqualTo(txn("c-1", 12.5));
    }

    @Test
    void shouldOnlyLookUpSchemaWhenAutoRegisterIsOff() throws Exception {
        // given
        int id = registry.register("transactions-value", TXN);
        FlywheelProducer producer = FlywheelProducer.wrapping(mock, registry, false);

        // when
        producer.send("transactions", (byte[]) null, txn("c-2", 1.0));
        mock.completeNext();

        // then
        assertThat(WireFormat.schemaIdOf(mock.history().get(0).value())).hasValue(id);
        assertThat(registry.getVersions("transactions-value")).containsExactly(1);
    }

    @Test
    void shouldRefuseUnregisteredSchemaWhenAutoRegisterIsOff() {
        // given
        FlywheelProducer producer = FlywheelProducer.wrapping(mock, registry, false);

        // when / then
        assertThatThrownBy(() -> producer.sendEncoded("transactions", null, TXN, new byte[] {0}))
                .isInstanceOf(SchemaRegistryAccessException.class)
                .hasMessageContaining("not registered under subject 'transactions-value'");
        assertThat(mock.history()).isEmpty();
    }

    @Test
    void shouldRefuseIncompatibleSchemaWithClearMessage() {
        // given
        registry.register("transactions-value", TXN);
        Schema incompatible = SchemaBuilder.record("Txn").namespace("dev.flywheel.test").fields()
                .requiredString("card_id").requiredLong("cents").endRecord();
        FlywheelProducer producer = FlywheelProducer.wrapping(mock, registry, true);

        // when / then
        assertThatThrownBy(() -> producer.schemaId("transactions", incompatible))
                .isInstanceOf(SchemaRegistryAccessException.class)
                .hasMessageContaining("incompatible");
    }

    @Test
    void shouldPrefixRawAvroBodyWithHeaderOfItsSchemaId() throws Exception {
        // given
        FlywheelProducer producer = FlywheelProducer.wrapping(mock, registry, true);
        byte[] body = avroBody(txn("c-3", 7.25));

        // when
        producer.sendEncoded("transactions", "c-3".getBytes(StandardCharsets.UTF_8), TXN, body);
        mock.completeNext();

        // then
        byte[] payload = mock.history().get(0).value();
        assertThat(payload).hasSize(WireFormat.HEADER_SIZE + body.length);
        assertThat(payload[0]).isEqualTo(WireFormat.MAGIC_BYTE);
        assertThat(new GenericAvroDeserializer(registry).deserialize("transactions", payload)).isEqualTo(txn("c-3", 7.25));
    }

    @Test
    void shouldThrowSerializationExceptionForValueThatDoesNotFitItsSchema() {
        // given
        FlywheelProducer producer = FlywheelProducer.wrapping(mock, registry, true);
        GenericRecord broken = new GenericData.Record(TXN);
        broken.put("card_id", "c-4");

        // when / then
        assertThatThrownBy(() -> producer.send("transactions", "c-4", broken))
                .isInstanceOf(SerializationException.class);
        assertThat(mock.history()).isEmpty();
    }

    @Test
    void shouldCompleteFutureExceptionallyWhenBrokerFailsDelivery() {
        // given
        FlywheelProducer producer = FlywheelProducer.wrapping(mock, registry, true);

        // when
        CompletableFuture<RecordMetadata> sent = producer.send("transactions", "c-5", txn("c-5", 3.0));
        mock.errorNext(new TimeoutException("Expiring 1 record(s)"));

        // then
        assertThatThrownBy(sent::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void shouldFlushAndCloseUnderlyingProducer() {
        // given
        FlywheelProducer producer = FlywheelProducer.wrapping(mock, registry, true);
        CompletableFuture<RecordMetadata> sent = producer.send("transactions", "c-6", txn("c-6", 2.0));

        // when
        producer.flush();
        producer.close();

        // then
        assertThat(sent).isCompleted();
        assertThat(mock.closed()).isTrue();
    }

    private static GenericRecord txn(String card, double amount) {
        return new GenericRecordBuilder(TXN).set("card_id", card).set("amount", amount).build();
    }

    private static byte[] avroBody(GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}

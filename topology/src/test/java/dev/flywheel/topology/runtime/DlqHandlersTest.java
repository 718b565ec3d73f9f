package dev.flywheel.topology.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.schemas.events.RejectedRecord;
import java.time.Clock;
import java.util.Optional;
import java.util.Properties;
import dev.flywheel.schemas.serde.SchemaRegistryAccessException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The DLQ error handlers inside a real Kafka Streams task: a bad record goes to the DLQ and the next one flows. */
class DlqHandlersTest {

    private final RejectionCounters counters = new RejectionCounters();
    private TopologyTestDriver driver;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    /** Upper-cases strings; the input deserializer refuses "bad", the output serializer refuses "POISON". */
    private static Topology upperCase() {
        Deserializer<String> strict = (topic, bytes) -> {
            String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            if (text.equals("bad")) {
                throw new SerializationException("not a valid payload");
            }
            return text;
        };
        Serializer<String> picky = (topic, text) -> {
            if (text.equals("POISON")) {
                throw new SerializationException("cannot write POISON");
            }
            if (text.equals("OFFLINE")) {
                throw new SchemaRegistryAccessException("registry unreachable", new java.io.IOException("refused"));
            }
            return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        };
        Serde<String> in = Serdes.serdeFrom(new StringSerializer(), strict);
        Serde<String> out = Serdes.serdeFrom(picky, new StringDeserializer());
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("transactions", Consumed.with(Serdes.String(), in))
                .mapValues(v -> v.toUpperCase(java.util.Locale.ROOT))
                .to("transactions.valid", Produced.with(Serdes.String(), out));
        return builder.build();
    }

    private void start() {
        DlqRouting routing = new DlqRouting("test", t -> Optional.of(t + ".dlq"), RejectedRecordSerde.serializer(),
                counters, Clock.systemUTC());
        Properties props = new StageSettings("test", "test-app", java.util.Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092"), Optional.of(routing),
                StageSettings.DEFAULT_SHUTDOWN_TIMEOUT, 1, StageSettings.DEFAULT_REPLACEMENT_WINDOW, Optional.empty())
                .streamsProperties();
        driver = new TopologyTestDriver(upperCase(), props);
    }

    @Test
    void shouldRouteUndecodableRecordToDlqAndKeepProcessing() {
        start();
        TestInputTopic<String, String> input = driver.createInputTopic("transactions", new StringSerializer(),
                new StringSerializer());
        TestOutputTopic<byte[], byte[]> dlq = driver.createOutputTopic("transactions.dlq", new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        TestOutputTopic<String, String> valid = driver.createOutputTopic("transactions.valid", new StringDeserializer(),
                new StringDeserializer());

        input.pipeInput("k1", "bad");
        input.pipeInput("k2", "good");

        RejectedRecord rejected = RejectedRecordSerde.deserializer().deserialize("transactions.dlq",
                dlq.readValue());
        assertThat(rejected.getReasonCode()).isEqualTo(DlqRouting.DESERIALIZATION_FAILED);
        assertThat(rejected.getMessage()).contains("not a valid payload");
        assertThat(rejected.getOffset()).isZero();
        assertThat(valid.readKeyValuesToList()).singleElement().satisfies(kv -> assertThat(kv.value).isEqualTo("GOOD"));
        assertThat(counters.count("transactions", DlqRouting.DESERIALIZATION_FAILED)).isEqualTo(1);
    }

    @Test
    void shouldRouteInputOfUnserializableOutputToDlq() {
        start();
        TestInputTopic<String, String> input = driver.createInputTopic("transactions", new StringSerializer(),
                new StringSerializer());
        TestOutputTopic<byte[], byte[]> dlq = driver.createOutputTopic("transactions.dlq", new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        TestOutputTopic<String, String> valid = driver.createOutputTopic("transactions.valid", new StringDeserializer(),
                new StringDeserializer());

        input.pipeInput("k1", "poison");
        input.pipeInput("k2", "fine");

        RejectedRecord rejected = RejectedRecordSerde.deserializer().deserialize("transactions.dlq", dlq.readValue());
        assertThat(rejected.getReasonCode()).isEqualTo(DlqRouting.SERIALIZATION_FAILED);
        assertThat(rejected.getMessage()).contains("transactions.valid", "cannot write POISON");
        assertThat(new String(rejected.getValue().array(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("poison");
        assertThat(valid.readValuesToList()).containsExactly("FINE");
        assertThat(counters.count("transactions", DlqRouting.SERIALIZATION_FAILED)).isEqualTo(1);
    }

    @Test
    void shouldFailRatherThanRouteWhenTheOutputSerializerCannotReachTheRegistry() {
        start();
        TestInputTopic<String, String> input = driver.createInputTopic("transactions", new StringSerializer(),
                new StringSerializer());
        TestOutputTopic<byte[], byte[]> dlq = driver.createOutputTopic("transactions.dlq", new ByteArrayDeserializer(),
                new ByteArrayDeserializer());

        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> input.pipeInput("k1", "offline"));

        assertThat(failure).isNotNull();
        assertThat(ThreadReplacementPolicy.isTransient(failure)).isTrue();
        assertThat(dlq.isEmpty()).isTrue();
        assertThat(counters.count("transactions", DlqRouting.SERIALIZATION_FAILED)).isZero();
    }
}

package dev.flywheel.topology.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.flywheel.schemas.ReasonCodes;
import dev.flywheel.schemas.events.RejectedRecord;
import dev.flywheel.schemas.registry.InMemorySchemaRegistryClient;
import dev.flywheel.schemas.serde.SchemaRegistryAccessException;
import dev.flywheel.schemas.serde.SpecificAvroDeserializer;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class ReasonClassifierTest {

    @Test
    void shouldTakeTheReasonOfTheWireFormatDeserializer() {
        SpecificAvroDeserializer<RejectedRecord> deserializer =
                new SpecificAvroDeserializer<>(new InMemorySchemaRegistryClient(), RejectedRecord.class);
        Throwable error = catchThrowable(() -> deserializer.deserialize("t", new byte[] {1, 2, 3, 4, 5, 6}));

        assertThat(ReasonClassifier.DEFAULT.reasonOf(new StreamsException(error)))
                .isEqualTo(ReasonCodes.WRONG_MAGIC_BYTE);
    }

    @Test
    void shouldFallBackToDeserializationFailedForOtherErrors() {
        assertThat(ReasonClassifier.DEFAULT.reasonOf(new SerializationException("size is not 4")))
                .isEqualTo(DlqRouting.DESERIALIZATION_FAILED);
    }

    @Test
    void shouldNotRejectARecordWhenTheRegistryIsOutOfReach() {
        RejectionCounters counters = new RejectionCounters();
        DlqDeserializationExceptionHandler handler = new DlqDeserializationExceptionHandler();
        handler.configure(Map.of(DlqRouting.CONFIG, new DlqRouting("test", t -> Optional.of(t + ".dlq"),
                RejectedRecordSerde.serializer(), counters, Clock.systemUTC())));

        DeserializationExceptionHandler.Response response = handler.handleError(null,
                new ConsumerRecord<>("t", 0, 0, null, new byte[] {0, 0, 0, 0, 1}),
                new SchemaRegistryAccessException("registry down", null));

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
        assertThat(counters.snapshot()).isEmpty();
    }
}

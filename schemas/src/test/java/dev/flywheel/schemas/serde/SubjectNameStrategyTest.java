package dev.flywheel.schemas.serde;

import static dev.flywheel.schemas.serde.TestRecords.ORDER_V1;
import static dev.flywheel.schemas.serde.TestRecords.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.schemas.registry.InMemorySchemaRegistryClient;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SubjectNameStrategyTest {

    @Test
    void shouldNameTopicKeyAndValueSubjects() {
        assertThat(new TopicNameStrategy().subjectName("orders", false, ORDER_V1)).isEqualTo("orders-value");
        assertThat(new TopicNameStrategy().subjectName("orders", true, ORDER_V1)).isEqualTo("orders-key");
    }

    @Test
    void shouldNameRecordSubjectByFullName() {
        assertThat(new RecordNameStrategy().subjectName("orders", false, ORDER_V1)).isEqualTo("test.Order");
    }

    @Test
    void shouldNameTopicRecordSubject() {
        assertThat(new TopicRecordNameStrategy().subjectName("orders", true, ORDER_V1)).isEqualTo("orders-test.Order");
    }

    @Test
    void shouldRefuseRecordNameForPrimitiveWithClearError() {
        assertThatThrownBy(() -> new RecordNameStrategy().subjectName("blobs", false, Schema.create(Schema.Type.BYTES)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("RecordNameStrategy needs a named schema")
                .hasMessageContaining("bytes");
    }

    @ParameterizedTest
    @CsvSource({
            "TopicNameStrategy, orders-value",
            "io.confluent.kafka.serializers.subject.TopicNameStrategy, orders-value",
            "dev.flywheel.schemas.serde.TopicNameStrategy, orders-value",
            "RecordNameStrategy, test.Order",
            "io.confluent.kafka.serializers.subject.RecordNameStrategy, test.Order",
            "TopicRecordNameStrategy, orders-test.Order",
            "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy, orders-test.Order"
    })
    void shouldRegisterUnderSubjectOfConfiguredStrategy(String strategy, String expectedSubject) {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        GenericAvroSerializer serializer = new GenericAvroSerializer(registry);
        serializer.configure(Map.of(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, strategy), false);

        serializer.serialize("orders", order("o-1", 1));

        assertThat(registry.getAllSubjects()).containsExactly(expectedSubject);
    }

    @Test
    void shouldUseKeyStrategyForKeys() {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        GenericAvroSerializer serializer = new GenericAvroSerializer(registry);
        serializer.configure(Map.of(AvroSerdeConfig.KEY_SUBJECT_NAME_STRATEGY, "RecordNameStrategy"), true);

        serializer.serialize("orders", order("o-1", 1));

        assertThat(registry.getAllSubjects()).containsExactly("test.Order");
    }

    @Test
    void shouldAcceptCustomStrategyClass() {
        assertThat(SubjectNameStrategy.forName(Fixed.class.getName()).subjectName("t", false, ORDER_V1)).isEqualTo("fixed");
    }

    @Test
    void shouldRejectUnknownStrategyNamingTheChoices() {
        assertThatThrownBy(() -> SubjectNameStrategy.forName("TopicStrategy"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown subject name strategy 'TopicStrategy'")
                .hasMessageContaining("TopicRecordNameStrategy");
    }

    /** A custom strategy, as a user would supply by class name. */
    public static final class Fixed implements SubjectNameStrategy {
        @Override
        public String subjectName(String topic, boolean isKey, Schema schema) {
            return "fixed";
        }
    }
}

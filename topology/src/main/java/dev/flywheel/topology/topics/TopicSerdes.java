package dev.flywheel.topology.topics;

import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Makes the value serdes of the catalogue's topics. {@link AvroTopicSerdes} is the real one (Confluent
 * wire format through the schema registry); tests may pass their own.
 */
public interface TopicSerdes {

    /**
     * Returns a configured value serde for a topic that carries one event type (subjects named after the
     * topic).
     *
     * @param type the generated event class
     * @param <T> the event type
     * @return the serde
     */
    <T extends SpecificRecord> Serde<T> event(Class<T> type);

    /**
     * Returns a configured value serde for a topic that carries several event types: subjects named
     * after topic and record, values read as the generated class of their writer schema.
     *
     * @return the serde
     */
    Serde<SpecificRecord> events();

    /**
     * Returns a configured value serde for records whose schema is not known in advance (a producer's
     * records, a view's features).
     *
     * @return the serde
     */
    Serde<GenericRecord> generic();
}

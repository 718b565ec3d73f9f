package dev.flywheel.topology.topics;

import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.schemas.serde.AvroSerdeConfig;
import dev.flywheel.schemas.serde.GenericAvroSerde;
import dev.flywheel.schemas.serde.SpecificAvroSerde;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * The catalogue's serdes over one shared schema registry client: Confluent wire format, schemas
 * registered on first write, multi-event topics with {@code TopicRecordNameStrategy}.
 */
public final class AvroTopicSerdes implements TopicSerdes {

    private final SchemaRegistryClient client;
    private final Map<String, Object> settings;

    /**
     * Creates the serdes.
     *
     * @param client the registry client every serde shares (the caller closes it)
     * @param settings further serde settings in Confluent's names, for example
     *     {@code auto.register.schemas}; may be empty
     */
    public AvroTopicSerdes(SchemaRegistryClient client, Map<String, ?> settings) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Map.copyOf(settings);
    }

    @Override
    public <T extends SpecificRecord> Serde<T> event(Class<T> type) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(client, type);
        serde.configure(settings, false);
        return serde;
    }

    @Override
    public Serde<SpecificRecord> events() {
        Map<String, Object> multi = new HashMap<>(settings);
        multi.put(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "TopicRecordNameStrategy");
        SpecificAvroSerde<SpecificRecord> serde = new SpecificAvroSerde<>(client);
        serde.configure(multi, false);
        return serde;
    }

    @Override
    public Serde<GenericRecord> generic() {
        GenericAvroSerde serde = new GenericAvroSerde(client);
        serde.configure(settings, false);
        return serde;
    }
}

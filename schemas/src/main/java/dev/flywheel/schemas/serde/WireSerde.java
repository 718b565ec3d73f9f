package dev.flywheel.schemas.serde;

import dev.flywheel.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Base of the wire-format serdes: one configuration and one registry client for both directions. */
abstract class WireSerde<T> implements Serde<T> {

    private final WireSerializer<T> serializer;
    private final WireDeserializer<T> deserializer;
    private final SchemaRegistryClient givenClient;
    private SerdeContext context;

    WireSerde(WireSerializer<T> serializer, WireDeserializer<T> deserializer, SchemaRegistryClient client) {
        this.serializer = serializer;
        this.deserializer = deserializer;
        this.givenClient = client;
    }

    @Override
    public void configure(Map<String, ?> settings, boolean isKey) {
        context = SerdeContext.configure(settings, isKey, givenClient);
        serializer.use(context);
        deserializer.use(context);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        if (context != null) {
            context.close();
        }
    }
}

package dev.flywheel.schemas.serde;

import dev.flywheel.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Base of the wire-format serializers: configuration, the registry client and tombstones (null in, null
 * out). Built with a client, a serializer works at once with default settings; {@code configure} refines them.
 */
abstract class WireSerializer<T> implements Serializer<T> {

    private final SchemaRegistryClient givenClient;
    private SerdeContext context;
    private WireEncoder encoder;

    WireSerializer(SchemaRegistryClient client) {
        this.givenClient = client;
        if (client != null) {
            use(SerdeContext.defaults(client));
        }
    }

    @Override
    public void configure(Map<String, ?> settings, boolean isKey) {
        use(SerdeContext.configure(settings, isKey, givenClient));
    }

    final void use(SerdeContext configured) {
        this.context = configured;
        this.encoder = new WireEncoder(configured);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        SerdeContext.require(context, this);
        return encoder.encode(topic, data);
    }

    @Override
    public void close() {
        if (context != null) {
            context.close();
        }
    }
}

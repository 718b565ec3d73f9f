package dev.flywheel.schemas.serde;

import dev.flywheel.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Base of the wire-format deserializers: configuration, the registry client and tombstones (null in, null
 * out). Subclasses say which reader to use for a writer schema.
 */
abstract class WireDeserializer<T> implements Deserializer<T> {

    private final SchemaRegistryClient givenClient;
    private SerdeContext context;
    private WireDecoder decoder;

    WireDeserializer(SchemaRegistryClient client) {
        this.givenClient = client;
    }

    /**
     * Makes a deserializer built with a client usable before {@code configure}, with default settings.
     * Subclasses call it last in their constructors, once the fields {@link #rule} reads are set.
     */
    final void useDefaultsWhenGivenClient() {
        if (givenClient != null) {
            use(SerdeContext.defaults(givenClient));
        }
    }

    /** The reader rule for these settings. */
    abstract ReaderChoice.Rule rule(AvroSerdeConfig config, boolean isKey);

    @Override
    public void configure(Map<String, ?> settings, boolean isKey) {
        use(SerdeContext.configure(settings, isKey, givenClient));
    }

    final void use(SerdeContext configured) {
        this.context = configured;
        this.decoder = new WireDecoder(configured, rule(configured.config, configured.isKey));
    }

    /** The settings and client in use; fails with a clear message before {@code configure}. */
    final SerdeContext configuredContext() {
        return SerdeContext.require(context, this);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        SerdeContext.require(context, this);
        return (T) decoder.decode(topic, data);
    }

    @Override
    public void close() {
        if (context != null) {
            context.close();
        }
    }
}

package dev.flywheel.schemas.serde;

import dev.flywheel.schemas.registry.HttpSchemaRegistryClient;
import dev.flywheel.schemas.registry.InMemorySchemaRegistryClient;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;

/** What every serde of one side (key or value) shares once configured: settings, registry client, subject naming. */
final class SerdeContext {

    final AvroSerdeConfig config;
    final SchemaRegistryClient client;
    final boolean isKey;
    private final SubjectNameStrategy strategy;
    private final boolean ownsClient;

    private SerdeContext(AvroSerdeConfig config, SchemaRegistryClient client, boolean isKey, boolean ownsClient) {
        this.config = config;
        this.client = client;
        this.isKey = isKey;
        this.strategy = config.subjectNameStrategy(isKey);
        this.ownsClient = ownsClient;
    }

    /**
     * Settings from a Kafka configuration map. A given client is used as is; otherwise one is built from
     * {@code schema.registry.url} and closed with the serde.
     */
    static SerdeContext configure(Map<String, ?> settings, boolean isKey, SchemaRegistryClient given) {
        AvroSerdeConfig config = new AvroSerdeConfig(settings);
        if (given != null) {
            return new SerdeContext(config, given, isKey, false);
        }
        List<String> urls = config.registryUrls();
        if (!urls.isEmpty() && urls.get(0).startsWith(AvroSerdeConfig.MOCK_SCHEME)) {
            if (urls.size() > 1) {
                throw new ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_URL, urls, "a mock:// URL cannot be combined "
                        + "with other URLs");
            }
            String scope = urls.get(0).substring(AvroSerdeConfig.MOCK_SCHEME.length());
            return new SerdeContext(config, InMemorySchemaRegistryClient.forScope(scope), isKey, false);
        }
        return new SerdeContext(config, new HttpSchemaRegistryClient(config.registryClientConfig()), isKey, true);
    }

    /** Default settings for values, for a serde built with a client and used without {@code configure}. */
    static SerdeContext defaults(SchemaRegistryClient client) {
        return new SerdeContext(new AvroSerdeConfig(Map.of()), client, false, false);
    }

    String subject(String topic, Schema schema) {
        return strategy.subjectName(topic, isKey, schema);
    }

    void close() {
        if (ownsClient) {
            client.close();
        }
    }

    /** A context that fails with a clear message when a serde is used before {@code configure}. */
    static SerdeContext require(SerdeContext context, Object serde) {
        if (context == null) {
            throw new IllegalStateException(serde.getClass().getSimpleName() + " is not configured: call configure("
                    + "settings, isKey) with " + AvroSerdeConfig.SCHEMA_REGISTRY_URL + ", or construct it with a "
                    + "SchemaRegistryClient");
        }
        return context;
    }
}

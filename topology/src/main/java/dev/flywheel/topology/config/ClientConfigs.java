package dev.flywheel.topology.config;

import dev.flywheel.schemas.registry.HttpSchemaRegistryClient;
import dev.flywheel.schemas.registry.RegistryClientConfig;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;

/**
 * Turns {@link FlywheelConfig} into the untyped maps that client libraries take. Only the edge calls
 * this: everything inside Flywheel passes the typed config.
 *
 * <p>Secrets go in as {@link Password} objects, which Kafka clients accept, so printing the
 * properties does not print them.
 */
public final class ClientConfigs {

    /** Key of the Schema Registry URL in serde configuration (Confluent's name). */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /** Key of the basic auth credentials source in serde configuration (Confluent's name). */
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    /** Key of the basic auth {@code user:password} in serde configuration (Confluent's name). */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

    private ClientConfigs() {
    }

    /**
     * Returns the properties every Kafka client (producer, consumer, admin, streams) needs to reach the
     * cluster: bootstrap servers and security.
     *
     * @param config the settings
     * @return new properties
     */
    public static Properties kafka(FlywheelConfig config) {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, String.join(",", config.bootstrapServers()));
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, config.securityProtocol());
        copy(config, FlywheelSettings.SASL_MECHANISM, SaslConfigs.SASL_MECHANISM, props);
        copy(config, FlywheelSettings.SASL_JAAS_CONFIG, SaslConfigs.SASL_JAAS_CONFIG, props);
        if (config.securityProtocol().endsWith("SSL")) {
            copy(config, FlywheelSettings.TRUSTSTORE_LOCATION, SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, props);
            copy(config, FlywheelSettings.TRUSTSTORE_PASSWORD, SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, props);
            copy(config, FlywheelSettings.TRUSTSTORE_TYPE, SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, props);
            copy(config, FlywheelSettings.KEYSTORE_LOCATION, SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, props);
            copy(config, FlywheelSettings.KEYSTORE_PASSWORD, SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, props);
            copy(config, FlywheelSettings.KEYSTORE_TYPE, SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, props);
            copy(config, FlywheelSettings.KEY_PASSWORD, SslConfigs.SSL_KEY_PASSWORD_CONFIG, props);
        }
        return props;
    }

    /**
     * Returns the serde configuration that reaches the Schema Registry (URL and basic auth), in
     * Confluent's key names.
     *
     * @param config the settings
     * @return a new map
     */
    public static Map<String, Object> registry(FlywheelConfig config) {
        Map<String, Object> map = new HashMap<>();
        map.put(SCHEMA_REGISTRY_URL, config.registryUrl().toString());
        config.registryUserInfo().ifPresent(userInfo -> {
            map.put(BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO");
            map.put(BASIC_AUTH_USER_INFO, userInfo);
        });
        return map;
    }

    /**
     * Returns a schema registry client for the configured registry and credentials; the caller closes it.
     *
     * @param config the settings
     * @return a new client
     */
    public static SchemaRegistryClient schemaRegistryClient(FlywheelConfig config) {
        RegistryClientConfig registry = RegistryClientConfig.of(config.registryUrl().toString());
        if (config.registryUserInfo().isPresent()) {
            registry = registry.withUserInfo(config.registryUserInfo().get().value());
        }
        return new HttpSchemaRegistryClient(registry);
    }

    private static void copy(FlywheelConfig config, String setting, String clientKey, Properties props) {
        Object value = config.get(setting);
        if (value != null) {
            props.put(clientKey, value);
        }
    }
}

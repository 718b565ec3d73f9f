package dev.flywheel.schemas.serde;

import dev.flywheel.schemas.registry.RegistryClientConfig;
import dev.flywheel.schemas.registry.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Typed configuration of the wire-format serdes, with the keys Confluent's serdes use so existing client
 * configurations carry over. Every setting has a type, default, validator and doc; an invalid value fails
 * at {@code configure} with a message naming the key, the value and what is accepted.
 */
public final class AvroSerdeConfig extends AbstractConfig {

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String LATEST_CACHE_TTL_SEC = "latest.cache.ttl.sec";
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";
    public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String CONNECT_TIMEOUT_MS = "schema.registry.connect.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
    public static final String RETRIES = "schema.registry.retries";
    public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "schema.registry.retry.backoff.max.ms";

    /** Scheme of the URL that selects a shared in-memory registry, for tests: {@code mock://<scope>}. */
    public static final String MOCK_SCHEME = "mock://";

    private static final ConfigDef.Validator STRATEGY = (name, value) -> {
        try {
            SubjectNameStrategy.forName((String) value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, e.getMessage());
        }
    };

    private static final ConfigDef.Validator URLS = (name, value) -> {
        for (Object url : (List<?>) value) {
            String text = String.valueOf(url);
            if (text.startsWith(MOCK_SCHEME)) {
                continue;
            }
            try {
                RegistryClientConfig.of(text);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }
    };

    private static final ConfigDef.Validator SPECIFIC_TYPE = (name, value) -> {
        if (value != null && !SpecificRecord.class.isAssignableFrom((Class<?>) value)) {
            throw new ConfigException(name, ((Class<?>) value).getName(), "must be a generated Avro class (a "
                    + SpecificRecord.class.getName() + ")");
        }
    };

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(SCHEMA_REGISTRY_URL, Type.LIST, "", URLS, Importance.HIGH,
                    "Comma-separated base URLs of the schema registry, tried in turn on failure; credentials may be "
                            + "embedded (http://user:pass@host:8081). mock://<scope> selects a shared in-memory registry "
                            + "for tests. Required unless the serde was given a client.")
            .define(AUTO_REGISTER_SCHEMAS, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Register the value's schema under its subject when serializing; when false the schema must "
                            + "already be registered.")
            .define(USE_LATEST_VERSION, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Serialize with the latest registered version of the subject instead of the value's own schema "
                            + "(the value is projected onto it); turn auto.register.schemas off with it.")
            .define(LATEST_CACHE_TTL_SEC, Type.LONG, 30L, Range.atLeast(0), Importance.LOW,
                    "Seconds the latest version of a subject is cached; 0 asks the registry every time.")
            .define(KEY_SUBJECT_NAME_STRATEGY, Type.STRING, "TopicNameStrategy", STRATEGY, Importance.MEDIUM,
                    "Subject naming for keys: TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy (short "
                            + "or Confluent's io.confluent.kafka.serializers.subject. names) or a class implementing "
                            + SubjectNameStrategy.class.getName() + ".")
            .define(VALUE_SUBJECT_NAME_STRATEGY, Type.STRING, "TopicNameStrategy", STRATEGY, Importance.MEDIUM,
                    "Subject naming for values; same choices as " + KEY_SUBJECT_NAME_STRATEGY + ".")
            .define(SPECIFIC_AVRO_READER, Type.BOOLEAN, false, Importance.LOW,
                    "Generic deserializers return generated (specific) classes instead of GenericRecord.")
            .define(SPECIFIC_AVRO_KEY_TYPE, Type.CLASS, null, SPECIFIC_TYPE, Importance.LOW,
                    "Generated class every key is read as (the reader schema); default: the class named by the "
                            + "writer schema.")
            .define(SPECIFIC_AVRO_VALUE_TYPE, Type.CLASS, null, SPECIFIC_TYPE, Importance.LOW,
                    "Generated class every value is read as (the reader schema); default: the class named by the "
                            + "writer schema.")
            .define(BASIC_AUTH_CREDENTIALS_SOURCE, Type.STRING, "URL", ValidString.in("URL", "USER_INFO"),
                    Importance.MEDIUM, "Where basic-auth credentials come from: URL (user info in "
                            + SCHEMA_REGISTRY_URL + ") or USER_INFO (" + BASIC_AUTH_USER_INFO + ").")
            .define(BASIC_AUTH_USER_INFO, Type.PASSWORD, null, Importance.MEDIUM,
                    "Basic-auth credentials as user:password, used when " + BASIC_AUTH_CREDENTIALS_SOURCE + "=USER_INFO.")
            .define(CONNECT_TIMEOUT_MS, Type.INT, 10_000, Range.atLeast(1), Importance.LOW,
                    "TCP connect timeout to the registry, in milliseconds.")
            .define(REQUEST_TIMEOUT_MS, Type.INT, 30_000, Range.atLeast(1), Importance.LOW,
                    "Timeout of one registry request, in milliseconds.")
            .define(RETRIES, Type.INT, 3, Range.between(0, 100), Importance.LOW,
                    "Retries of a registry request after a transient failure (I/O error, timeout, HTTP 5xx or 429).")
            .define(RETRY_BACKOFF_MS, Type.LONG, 100L, Range.atLeast(0), Importance.LOW,
                    "Wait before the first retry, in milliseconds; doubles for each further retry.")
            .define(RETRY_BACKOFF_MAX_MS, Type.LONG, 5_000L, Range.atLeast(0), Importance.LOW,
                    "Upper bound of the wait between retries, in milliseconds.");

    /**
     * Parses and validates serde settings; unknown keys (the rest of a producer or Streams configuration)
     * are ignored.
     *
     * @throws ConfigException naming the key, the value and what is accepted
     */
    public AvroSerdeConfig(Map<String, ?> settings) {
        super(DEFINITION, settings, false);
        if (isUserInfoSource()) {
            Password info = getPassword(BASIC_AUTH_USER_INFO);
            if (info == null || info.value().indexOf(':') < 0) {
                throw new ConfigException(BASIC_AUTH_USER_INFO, info == null ? null : "[hidden]",
                        "must be 'user:password' when " + BASIC_AUTH_CREDENTIALS_SOURCE + "=USER_INFO");
            }
        }
    }

    /** The settings, for documentation and for tools that list them. */
    public static ConfigDef configDef() {
        return new ConfigDef(DEFINITION);
    }

    /** The configured registry URLs; empty when none. */
    public List<String> registryUrls() {
        return getList(SCHEMA_REGISTRY_URL);
    }

    public boolean autoRegisterSchemas() {
        return getBoolean(AUTO_REGISTER_SCHEMAS);
    }

    public boolean useLatestVersion() {
        return getBoolean(USE_LATEST_VERSION);
    }

    public boolean specificAvroReader() {
        return getBoolean(SPECIFIC_AVRO_READER);
    }

    /** The subject name strategy for keys or values. */
    public SubjectNameStrategy subjectNameStrategy(boolean isKey) {
        return SubjectNameStrategy.forName(getString(isKey ? KEY_SUBJECT_NAME_STRATEGY : VALUE_SUBJECT_NAME_STRATEGY));
    }

    /** The pinned generated class for keys or values, or null to follow the writer schema. */
    public Class<?> specificReaderType(boolean isKey) {
        return getClass(isKey ? SPECIFIC_AVRO_KEY_TYPE : SPECIFIC_AVRO_VALUE_TYPE);
    }

    /**
     * How to reach the registry over HTTP.
     *
     * @throws ConfigException when {@value #SCHEMA_REGISTRY_URL} is missing
     */
    public RegistryClientConfig registryClientConfig() {
        List<String> urls = registryUrls();
        if (urls.isEmpty()) {
            throw new ConfigException("Missing required configuration \"" + SCHEMA_REGISTRY_URL
                    + "\": give the schema registry's URL (e.g. http://localhost:8081) or construct the serde with a "
                    + "SchemaRegistryClient");
        }
        RegistryClientConfig config = RegistryClientConfig.of(String.join(",", urls))
                .withTimeouts(Duration.ofMillis(getInt(CONNECT_TIMEOUT_MS)), Duration.ofMillis(getInt(REQUEST_TIMEOUT_MS)))
                .withRetry(new RetryPolicy(getInt(RETRIES), Duration.ofMillis(getLong(RETRY_BACKOFF_MS)),
                        Duration.ofMillis(getLong(RETRY_BACKOFF_MAX_MS))))
                .withLatestCacheTtl(Duration.ofSeconds(getLong(LATEST_CACHE_TTL_SEC)));
        return isUserInfoSource() ? config.withUserInfo(getPassword(BASIC_AUTH_USER_INFO).value()) : config;
    }

    private boolean isUserInfoSource() {
        return "USER_INFO".equals(getString(BASIC_AUTH_CREDENTIALS_SOURCE));
    }
}

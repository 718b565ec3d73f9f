package dev.flywheel.platform.registry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.platform.registry.RegistryKey.ConfigKey;
import dev.flywheel.platform.registry.RegistryKey.DeleteSubjectKey;
import dev.flywheel.platform.registry.RegistryKey.ModeKey;
import dev.flywheel.platform.registry.RegistryKey.NoopKey;
import dev.flywheel.platform.registry.RegistryKey.SchemaKey;
import dev.flywheel.platform.registry.RegistryKey.Unknown;
import dev.flywheel.platform.registry.RegistryValue.ConfigValue;
import dev.flywheel.platform.registry.RegistryValue.DeleteSubjectValue;
import dev.flywheel.platform.registry.RegistryValue.ModeValue;
import dev.flywheel.platform.registry.RegistryValue.SchemaValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Confluent's JSON encoding of the {@code _schemas} records. Keys are compact JSON with a fixed field
 * order, e.g. {@code {"keytype":"SCHEMA","subject":"s","version":1,"magic":1}}, because the topic is
 * compacted by key bytes: the same logical key must always encode to the same bytes. Decoding is lenient
 * the way Confluent's is: unknown fields are ignored, missing optional fields take their defaults.
 */
final class RegistryRecordCodec {

    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    byte[] encodeKey(RegistryKey key) {
        if (key instanceof Unknown unknown) {
            throw new IllegalArgumentException("Cannot write a key of unknown type " + unknown.keyType());
        }
        return write(g -> {
            g.writeStartObject();
            if (key instanceof SchemaKey k) {
                g.writeStringField("keytype", "SCHEMA");
                g.writeStringField("subject", k.subject());
                g.writeNumberField("version", k.version());
                g.writeNumberField("magic", 1);
            } else if (key instanceof ConfigKey k) {
                writeSubjectKey(g, "CONFIG", k.subject());
            } else if (key instanceof ModeKey k) {
                writeSubjectKey(g, "MODE", k.subject());
            } else if (key instanceof DeleteSubjectKey k) {
                writeSubjectKey(g, "DELETE_SUBJECT", k.subject());
            } else {
                g.writeStringField("keytype", "NOOP");
                g.writeNumberField("magic", 0);
            }
            g.writeEndObject();
        });
    }

    /** Global config and mode keys carry no subject: Confluent leaves the null field out. */
    private static void writeSubjectKey(JsonGenerator g, String keyType, String subject) throws IOException {
        g.writeStringField("keytype", keyType);
        if (subject != null) {
            g.writeStringField("subject", subject);
        }
        g.writeNumberField("magic", 0);
    }

    byte[] encodeValue(RegistryValue value) {
        return write(g -> {
            g.writeStartObject();
            if (value instanceof SchemaValue v) {
                g.writeStringField("subject", v.subject());
                g.writeNumberField("version", v.version());
                g.writeNumberField("id", v.id());
                g.writeStringField("schemaType", v.schemaType());
                g.writeArrayFieldStart("references");
                g.writeEndArray();
                g.writeStringField("schema", v.schema());
                g.writeBooleanField("deleted", v.deleted());
            } else if (value instanceof ConfigValue v) {
                writeOptionalSubject(g, v.subject());
                g.writeStringField("compatibilityLevel", v.compatibilityLevel().name());
            } else if (value instanceof ModeValue v) {
                writeOptionalSubject(g, v.subject());
                g.writeStringField("mode", v.mode().name());
            } else if (value instanceof DeleteSubjectValue v) {
                g.writeStringField("subject", v.subject());
                g.writeNumberField("version", v.version());
            }
            g.writeEndObject();
        });
    }

    private static void writeOptionalSubject(JsonGenerator g, String subject) throws IOException {
        if (subject != null) {
            g.writeStringField("subject", subject);
        }
    }

    /** Decodes a key; a key type this registry does not know becomes {@link Unknown}. */
    RegistryKey decodeKey(byte[] bytes) {
        JsonNode node = parseObject(bytes, "key");
        String keyType = node.path("keytype").asText("");
        return switch (keyType) {
            case "SCHEMA" -> new SchemaKey(requiredText(node, "subject"), requiredInt(node, "version"));
            case "CONFIG" -> new ConfigKey(optionalText(node, "subject"));
            case "MODE" -> new ModeKey(optionalText(node, "subject"));
            case "DELETE_SUBJECT" -> new DeleteSubjectKey(requiredText(node, "subject"));
            case "NOOP" -> new NoopKey();
            default -> new Unknown(keyType);
        };
    }

    /**
     * Decodes the value of a record with this key; {@code null} bytes are a tombstone and decode to
     * {@code null}. A config or mode value without a known level or mode decodes to {@code null} too,
     * which clears the setting, as in Confluent, where such values carry only other settings.
     */
    RegistryValue decodeValue(RegistryKey key, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (key instanceof NoopKey || key instanceof Unknown) {
            return null;
        }
        JsonNode node = parseObject(bytes, "value");
        if (key instanceof SchemaKey) {
            return new SchemaValue(
                    requiredText(node, "subject"),
                    requiredInt(node, "version"),
                    requiredInt(node, "id"),
                    node.path("schemaType").asText(SchemaParser.AVRO),
                    requiredText(node, "schema"),
                    node.path("deleted").asBoolean(false));
        }
        if (key instanceof ConfigKey k) {
            return CompatibilityLevel.forName(optionalText(node, "compatibilityLevel"))
                    .map(level -> new ConfigValue(k.subject(), level))
                    .orElse(null);
        }
        if (key instanceof ModeKey k) {
            return Mode.forName(optionalText(node, "mode"))
                    .map(mode -> new ModeValue(k.subject(), mode))
                    .orElse(null);
        }
        DeleteSubjectKey k = (DeleteSubjectKey) key;
        return new DeleteSubjectValue(node.path("subject").asText(k.subject()), requiredInt(node, "version"));
    }

    private static JsonNode parseObject(byte[] bytes, String what) {
        if (bytes == null) {
            throw new IllegalArgumentException("The " + what + " is missing");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("The " + what + " is not JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("The " + what + " is not a JSON object");
        }
        return node;
    }

    private static String requiredText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("Field '" + field + "' is missing or not a string in " + node);
        }
        return value.asText();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static int requiredInt(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new IllegalArgumentException("Field '" + field + "' is missing or not an int in " + node);
        }
        return value.intValue();
    }

    private interface JsonWriter {
        void write(JsonGenerator generator) throws IOException;
    }

    private static byte[] write(JsonWriter writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            writer.write(generator);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode a schema registry record", e);
        }
        return out.toByteArray();
    }
}

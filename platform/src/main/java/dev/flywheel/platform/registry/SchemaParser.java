package dev.flywheel.platform.registry;

import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.AvroRuntimeException;

/**
 * Parses submitted schemas and gives their canonical form, the string that is stored, hashed and
 * compared. The canonical form is Avro's own {@link Schema#toString()}: clients send the same schema
 * with attributes in another order or other white space, and Avro writes it back one way, with docs,
 * defaults, aliases and custom properties kept (they change what a schema means to its users).
 */
final class SchemaParser {

    static final String AVRO = "AVRO";

    /** A parsed schema and its canonical text. */
    record ParsedSchema(Schema avro, String canonical) {
    }

    /**
     * Parses {@code schemaText} as a schema of {@code schemaType} ({@code null} means AVRO, as in
     * Confluent).
     *
     * @throws RegistryException 42201 when the type is not AVRO or the text is not a valid Avro schema
     */
    ParsedSchema parse(String schemaType, String schemaText) {
        requireAvro(schemaType);
        if (schemaText == null || schemaText.isBlank()) {
            throw RegistryErrors.invalidSchema("Empty schema");
        }
        try {
            Schema schema = new Schema.Parser().parse(schemaText);
            return new ParsedSchema(schema, schema.toString());
        } catch (AvroRuntimeException | NullPointerException | IllegalArgumentException e) {
            // Avro reports malformed input as SchemaParseException or AvroTypeException (bad defaults),
            // some of it (e.g. a field without a type) as NPE or IAE.
            throw RegistryErrors.invalidSchema("Invalid schema " + schemaText + ", details: " + e.getMessage());
        }
    }

    /** Parses a schema read back from the store, which was valid when it was registered. */
    Schema parseStored(String canonical) {
        return new Schema.Parser().setValidateDefaults(false).parse(canonical);
    }

    static void requireAvro(String schemaType) {
        if (schemaType == null || AVRO.equals(schemaType.toUpperCase(Locale.ROOT))) {
            return;
        }
        String type = schemaType.toUpperCase(Locale.ROOT);
        if (type.equals("PROTOBUF") || type.equals("JSON")) {
            throw RegistryErrors.invalidSchema("Schema type " + type + " is not supported: this registry "
                    + "stores AVRO schemas only (GET /schemas/types)");
        }
        throw RegistryErrors.invalidSchema("Invalid schema type " + schemaType + "; the supported type is AVRO");
    }
}

package dev.flywheel.schemas.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One registered version of a subject: its global id, its version number and the schema text.
 *
 * @param subject the subject
 * @param version version number within the subject, from 1
 * @param id global schema id (what the wire format carries)
 * @param schemaType AVRO, JSON or PROTOBUF; a response without {@code schemaType} means AVRO
 * @param schema the schema text as the registry stores it
 */
public record SchemaMetadata(String subject, int version, int id, String schemaType, String schema) {

    /** The type a registry implies when {@code schemaType} is absent. */
    public static final String AVRO = "AVRO";

    public SchemaMetadata {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        schemaType = schemaType == null || schemaType.isBlank() ? AVRO : schemaType;
    }

    /** Parses the schema text as Avro. */
    public Schema avroSchema() {
        if (!AVRO.equals(schemaType)) {
            throw new IllegalStateException("Schema " + id + " of subject '" + subject + "' is " + schemaType + ", not AVRO");
        }
        return new Schema.Parser().parse(schema);
    }
}

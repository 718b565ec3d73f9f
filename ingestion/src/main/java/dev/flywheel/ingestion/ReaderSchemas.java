package dev.flywheel.ingestion;

import dev.flywheel.topology.spec.SourceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/** Loads the reader schema a source pins ({@code reader_schema: path/to.avsc}, relative to the spec's folder). */
public final class ReaderSchemas {

    private ReaderSchemas() {
    }

    /**
     * Loads a source's pinned reader schema.
     *
     * @param source the source
     * @param baseDir the folder relative paths are resolved against (the folder of {@code flywheel.yaml})
     * @return the schema, or empty when the source reads records in their writer schema
     * @throws IllegalArgumentException naming the source and the file when it cannot be read or parsed, or is not
     *     a record schema
     */
    public static Optional<Schema> load(SourceSpec source, Path baseDir) {
        if (source.readerSchema().isEmpty()) {
            return Optional.empty();
        }
        Path file = baseDir.resolve(source.readerSchema().get()).toAbsolutePath().normalize();
        String where = "source '" + source.name() + "': reader_schema " + file;
        Schema schema;
        try {
            schema = new Schema.Parser().parse(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(where + " cannot be read: " + e, e);
        } catch (SchemaParseException e) {
            throw new IllegalArgumentException(where + " is not a valid Avro schema: " + e.getMessage(), e);
        }
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException(where + " is a " + schema.getType().getName()
                    + " schema, expected a record");
        }
        return Optional.of(schema);
    }
}

package dev.flywheel.schemas.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Avro compatibility rules of a Confluent-compatible registry, on Avro's own
 * {@link SchemaCompatibility#checkReaderWriterCompatibility reader/writer check}: BACKWARD means the new
 * schema (reader) reads the old (writer); FORWARD the reverse; FULL both; transitive levels check every
 * existing version instead of the latest.
 */
public final class AvroCompatibility {

    private AvroCompatibility() {
    }

    /**
     * Checks a candidate schema against existing versions.
     *
     * @param existing the subject's non-deleted versions, oldest first (the last is the latest)
     * @return one line per problem; empty when compatible
     */
    public static List<String> problems(CompatibilityLevel level, Schema candidate, List<Schema> existing) {
        List<String> problems = new ArrayList<>();
        if (level == CompatibilityLevel.NONE || existing.isEmpty()) {
            return problems;
        }
        List<Schema> against = level.isTransitive() ? existing : existing.subList(existing.size() - 1, existing.size());
        for (Schema old : against) {
            if (level.checksBackward()) {
                describe(candidate, SchemaCompatibility.checkReaderWriterCompatibility(candidate, old),
                        "new schema cannot read data written with an existing one", problems);
            }
            if (level.checksForward()) {
                describe(old, SchemaCompatibility.checkReaderWriterCompatibility(old, candidate),
                        "an existing schema cannot read data written with the new one", problems);
            }
        }
        return problems;
    }

    /** Whether a reader schema can read everything written with a writer schema; empty when it can. */
    public static List<String> readProblems(Schema reader, Schema writer) {
        List<String> problems = new ArrayList<>();
        describe(reader, SchemaCompatibility.checkReaderWriterCompatibility(reader, writer), "reader cannot read writer",
                problems);
        return problems;
    }

    private static void describe(Schema reader, SchemaPairCompatibility result, String what, List<String> problems) {
        if (result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        result.getResult().getIncompatibilities().forEach(i -> problems.add(what + ": " + i.getType() + " at "
                + fieldPath(reader, i.getLocation()) + " (" + i.getMessage() + ")"));
        if (result.getResult().getIncompatibilities().isEmpty()) {
            problems.add(what + ": " + result.getDescription());
        }
    }

    /**
     * Turns Avro's JSON-pointer location ({@code /fields/1/type/items}) into field names a person can find
     * ({@code amount[]}); falls back to the pointer when the path cannot be followed.
     */
    static String fieldPath(Schema reader, String location) {
        try {
            StringBuilder path = new StringBuilder();
            Schema current = reader;
            String[] parts = location.split("/");
            for (int i = 1; i < parts.length; i++) {
                switch (parts[i]) {
                    case "fields" -> {
                        Schema.Field field = current.getFields().get(Integer.parseInt(parts[++i]));
                        path.append(path.length() == 0 ? "" : ".").append(field.name());
                        current = field.schema();
                    }
                    case "items" -> {
                        current = current.getElementType();
                        path.append("[]");
                    }
                    case "values" -> {
                        current = current.getValueType();
                        path.append("{}");
                    }
                    case "type", "" -> {
                        // The field's own schema: nothing to name.
                    }
                    default -> {
                        if (current.getType() != Schema.Type.UNION) {
                            return location;
                        }
                        current = current.getTypes().get(Integer.parseInt(parts[i]));
                    }
                }
            }
            return path.length() == 0 ? location : "field '" + path + "'";
        } catch (RuntimeException e) {
            return location;
        }
    }
}

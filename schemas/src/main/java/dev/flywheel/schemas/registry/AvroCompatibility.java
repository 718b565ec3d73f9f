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
                describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, old), "new schema cannot read data written with an existing one", problems);
            }
            if (level.checksForward()) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(old, candidate), "an existing schema cannot read data written with the new one", problems);
            }
        }
        return problems;
    }

    /** Whether a reader schema can read everything written with a writer schema; empty when it can. */
    public static List<String> readProblems(Schema reader, Schema writer) {
        List<String> problems = new ArrayList<>();
        describe(SchemaCompatibility.checkReaderWriterCompatibility(reader, writer), "reader cannot read writer", problems);
        return problems;
    }

    private static void describe(SchemaPairCompatibility result, String what, List<String> problems) {
        if (result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        result.getResult().getIncompatibilities().forEach(i -> problems.add(what + ": " + i.getType() + " at "
                + i.getLocation() + " (" + i.getMessage() + ")"));
        if (result.getResult().getIncompatibilities().isEmpty()) {
            problems.add(what + ": " + result.getDescription());
        }
    }
}

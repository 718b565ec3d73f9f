package dev.flywheel.platform.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;

/**
 * Decides whether a candidate schema may follow a subject's earlier versions under a compatibility
 * level, with Avro's reader/writer rules ({@link SchemaCompatibility#checkReaderWriterCompatibility}).
 * BACKWARD: the candidate reads data written with an earlier version; FORWARD: an earlier version reads
 * data written with the candidate; FULL: both; transitive levels check every earlier non-deleted
 * version, the others only the latest.
 */
final class CompatibilityChecker {

    /** One earlier, non-deleted version of the subject. */
    record PreviousVersion(int version, Schema schema) {
    }

    /**
     * The incompatibilities found, one readable line each, followed by the level; empty when the candidate
     * is compatible.
     *
     * @param previous the subject's non-deleted versions, oldest first
     */
    List<String> check(CompatibilityLevel level, Schema candidate, List<PreviousVersion> previous) {
        if (level == CompatibilityLevel.NONE || previous.isEmpty()) {
            return List.of();
        }
        List<PreviousVersion> against = level.transitive()
                ? previous
                : List.of(previous.get(previous.size() - 1));
        List<String> problems = new ArrayList<>();
        for (int i = against.size() - 1; i >= 0; i--) {
            PreviousVersion old = against.get(i);
            if (level.backward()) {
                problems.addAll(describe(
                        SchemaCompatibility.checkReaderWriterCompatibility(candidate, old.schema()).getResult(),
                        "the new schema cannot read data written with version " + old.version()));
            }
            if (level.forward()) {
                problems.addAll(describe(
                        SchemaCompatibility.checkReaderWriterCompatibility(old.schema(), candidate).getResult(),
                        "version " + old.version() + " cannot read data written with the new schema"));
            }
        }
        if (!problems.isEmpty()) {
            problems.add("{compatibility: '" + level.name() + "'}");
        }
        return List.copyOf(problems);
    }

    private static List<String> describe(SchemaCompatibilityResult result, String direction) {
        List<String> lines = new ArrayList<>();
        for (Incompatibility incompatibility : result.getIncompatibilities()) {
            lines.add("{errorType:'" + incompatibility.getType()
                    + "', description:'" + direction + ": " + incompatibility.getMessage()
                    + " at path '" + incompatibility.getLocation()
                    + "'', additionalInfo:'" + incompatibility.getMessage() + "'}");
        }
        return lines;
    }
}

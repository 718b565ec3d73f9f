package dev.flywheel.schemas.serde;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * A record schema restricted to some dotted field paths, for reading only what a caller looks at: resolved
 * against the writer schema, it makes Avro skip the other fields instead of building them.
 *
 * <p>Skipping still walks every byte of the body (each skipped string, bytes, fixed, array and map checks its
 * length against what is left), so a truncated body or trailing bytes are found as with a full read. What a
 * skip does not check is an enum's ordinal; a field holding an enum anywhere inside is therefore kept, so a
 * body with an out-of-range ordinal is as corrupt read through the projection as read in full.
 */
final class Projection {

    private Projection() {
    }

    /**
     * Restricts a record schema to the fields on the given paths. A path's last field is kept whole; a path
     * through a record (or an optional record) keeps only the fields of that record it names; a path through any
     * other type keeps the field whole. Unknown names are ignored (the value is absent either way).
     *
     * @param schema the reader schema (a record)
     * @param paths dotted field paths ({@code payment.amount})
     * @return a record schema of the same name with fewer fields, or the schema itself when nothing is dropped
     */
    static Schema restrict(Schema schema, Collection<String> paths) {
        Map<String, List<String>> tree = new LinkedHashMap<>();
        for (String path : paths) {
            int dot = path.indexOf('.');
            String head = dot < 0 ? path : path.substring(0, dot);
            List<String> rest = tree.computeIfAbsent(head, h -> new ArrayList<>());
            rest.add(dot < 0 ? null : path.substring(dot + 1));
        }
        return restrict(schema, tree);
    }

    private static Schema restrict(Schema record, Map<String, List<String>> tree) {
        List<Schema.Field> kept = new ArrayList<>();
        boolean dropped = false;
        for (Schema.Field field : record.getFields()) {
            List<String> rest = tree.get(field.name());
            if (rest == null) {
                if (containsEnum(field.schema(), java.util.Collections.newSetFromMap(new IdentityHashMap<>()))) {
                    kept.add(new Schema.Field(field, field.schema()));
                } else {
                    dropped = true;
                }
                continue;
            }
            Schema narrowed = rest.contains(null) ? field.schema() : narrow(field.schema(), rest);
            dropped |= narrowed != field.schema();
            kept.add(new Schema.Field(field, narrowed));
        }
        if (!dropped) {
            return record;
        }
        Schema projected = Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(),
                record.isError(), kept);
        record.getAliases().forEach(projected::addAlias);
        return projected;
    }

    /** The schema of a field reached by the remaining paths: records (and records in unions) are restricted. */
    private static Schema narrow(Schema schema, List<String> rest) {
        if (schema.getType() == Schema.Type.RECORD) {
            return restrict(schema, rest);
        }
        if (schema.getType() == Schema.Type.UNION) {
            List<Schema> branches = new ArrayList<>();
            boolean changed = false;
            for (Schema branch : schema.getTypes()) {
                Schema narrowed = branch.getType() == Schema.Type.RECORD ? restrict(branch, rest) : branch;
                changed |= narrowed != branch;
                branches.add(narrowed);
            }
            return changed ? Schema.createUnion(branches) : schema;
        }
        return schema;
    }

    private static boolean containsEnum(Schema schema, Set<Schema> seen) {
        if (!seen.add(schema)) {
            return false;
        }
        return switch (schema.getType()) {
            case ENUM -> true;
            case RECORD -> schema.getFields().stream().anyMatch(f -> containsEnum(f.schema(), seen));
            case UNION -> schema.getTypes().stream().anyMatch(b -> containsEnum(b, seen));
            case ARRAY -> containsEnum(schema.getElementType(), seen);
            case MAP -> containsEnum(schema.getValueType(), seen);
            default -> false;
        };
    }
}

package dev.flywheel.features.dataset;

import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/** Plain Java values of Avro data, for sorting, keys and output. */
final class Values {

    private Values() {
    }

    /** A field's value: text as {@link String}, timestamps as epoch ms, numbers and booleans as they are. */
    static Object plain(GenericRecord record, String field) {
        Schema.Field f = record.getSchema().getField(field);
        if (f == null) {
            return null;
        }
        Object value = record.get(f.pos());
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Instant instant) {
            return instant.toEpochMilli();
        }
        if (value instanceof CharSequence || value instanceof org.apache.avro.generic.GenericEnumSymbol<?>) {
            return value.toString();
        }
        throw new IllegalArgumentException("field '" + field + "' has a value of unsupported type "
                + value.getClass().getSimpleName() + " (supported: text, numbers, booleans, timestamps)");
    }

    /** The entity key text of a row for a view's entity fields, as {@code features.<view>} keys are built. */
    static String key(GenericRecord record, List<String> entities) {
        if (entities.size() == 1) {
            return text(record, entities.get(0));
        }
        return dev.flywheel.features.view.EntityKeys.join(entities.stream().map(e -> text(record, e)).toList());
    }

    private static String text(GenericRecord record, String field) {
        Object value = plain(record, field);
        if (value == null) {
            throw new IllegalArgumentException("entity column '" + field + "' is missing or null in " + record);
        }
        return value.toString();
    }

    /** The non-null branch of a nullable schema. */
    static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        return schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElse(schema);
    }
}

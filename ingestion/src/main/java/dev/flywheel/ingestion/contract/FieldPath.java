package dev.flywheel.ingestion.contract;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * A dotted field path ({@code payment.amount}) as the spec names fields, resolved against records and
 * their schemas. Immutable.
 */
public final class FieldPath {

    private final String text;
    private final String[] parts;
    /**
     * The position of the first part in the last schema it was looked up in: every record of a source has the
     * same few schemas, and the lookup by name is a hash of the name per record and field. Racy by design: an
     * immutable object read without a lock is either the last one written or an earlier one, both correct.
     */
    private FirstPart first;

    private record FirstPart(Schema schema, Schema.Field field) {
    }

    /**
     * Parses a path.
     *
     * @param text field names separated by dots
     * @return the path
     */
    public static FieldPath of(String text) {
        return new FieldPath(text);
    }

    FieldPath(String text) {
        this.text = text;
        this.parts = text.split("\\.");
    }

    /** Returns the path as written. */
    public String text() {
        return text;
    }

    /**
     * Returns the value at this path.
     *
     * @param record the record to read
     * @return the value, or null when it is null, a part is absent from the schema, or a record on the way is
     *     null or not a record
     */
    public Object valueIn(GenericRecord record) {
        if (record == null) {
            return null;
        }
        Schema schema = record.getSchema();
        FirstPart known = first;
        if (known == null || known.schema() != schema) {
            known = new FirstPart(schema, schema.getField(parts[0]));
            first = known;
        }
        if (known.field() == null) {
            return null;
        }
        Object current = record.get(known.field().pos());
        for (int i = 1; i < parts.length; i++) {
            if (!(current instanceof GenericRecord nested)) {
                return null;
            }
            Schema.Field field = nested.getSchema().getField(parts[i]);
            if (field == null) {
                return null;
            }
            current = nested.get(field.pos());
        }
        return current;
    }

    /** Returns the schema of the value at this path (the non-null branch of an optional), or null. */
    Schema schemaIn(Schema root) {
        Schema current = root;
        for (String part : parts) {
            current = nonNull(current);
            if (current == null || current.getType() != Schema.Type.RECORD) {
                return null;
            }
            Schema.Field field = current.getField(part);
            if (field == null) {
                return null;
            }
            current = field.schema();
        }
        return nonNull(current);
    }

    private static Schema nonNull(Schema schema) {
        if (schema == null || schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        Schema found = null;
        for (Schema branch : schema.getTypes()) {
            if (branch.getType() != Schema.Type.NULL) {
                if (found != null) {
                    return null;
                }
                found = branch;
            }
        }
        return found;
    }
}

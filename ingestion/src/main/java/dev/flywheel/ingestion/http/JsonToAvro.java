package dev.flywheel.ingestion.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.Schema.Field;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Converts a Jackson tree to a {@link GenericRecord} of an Avro schema, the way a person would write the record
 * in JSON: plain values (no Avro-JSON union wrappers), bytes and fixed as base64, logical types as
 * {@link LogicalJson} reads them. Missing fields take their Avro default; a missing field without default,
 * an unknown field, a null for a non-nullable field or a value of the wrong type is an error naming the field.
 * A union takes the first branch the value fits. Values are the raw Avro representations (long millis,
 * int days, decimal bytes), so any Avro writer can write the result.
 */
public final class JsonToAvro {

    /** At most this many problems are reported per record. */
    public static final int MAX_ERRORS = 20;

    private JsonToAvro() {
    }

    /**
     * Converts one JSON object to a record of {@code schema}.
     *
     * @throws JsonConversionException naming every field that does not fit
     * @throws IllegalArgumentException when {@code schema} is not a record schema
     */
    public static GenericRecord toRecord(JsonNode json, Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("Schema " + schema.getFullName() + " is a " + schema.getType()
                    + ", not a record");
        }
        List<FieldError> errors = new ArrayList<>();
        Object value = convert(json, schema, "", errors);
        if (!errors.isEmpty()) {
            throw new JsonConversionException(errors);
        }
        return (GenericRecord) value;
    }

    static Object convert(JsonNode json, Schema schema, String path, List<FieldError> errors) {
        if (schema.getType() == Schema.Type.UNION) {
            return union(json, schema, path, errors);
        }
        if (json.isNull() && schema.getType() != Schema.Type.NULL) {
            return fail(errors, path, "found null, expected " + describe(schema) + " (the field is not nullable)");
        }
        if (schema.getLogicalType() != null && LogicalJson.handles(schema)) {
            return LogicalJson.convert(json, schema, path, errors);
        }
        return switch (schema.getType()) {
            case RECORD -> record(json, schema, path, errors);
            case ARRAY -> array(json, schema, path, errors);
            case MAP -> map(json, schema, path, errors);
            case ENUM -> enumSymbol(json, schema, path, errors);
            case FIXED -> fixed(json, schema, path, errors);
            case STRING -> json.isTextual() ? json.textValue() : mismatch(json, schema, path, errors);
            case BYTES -> json.isTextual() ? base64(json, path, errors) : mismatch(json, schema, path, errors);
            case INT -> integral(json, schema, path, errors, true);
            case LONG -> integral(json, schema, path, errors, false);
            case FLOAT -> floating(json, schema, path, errors, true);
            case DOUBLE -> floating(json, schema, path, errors, false);
            case BOOLEAN -> json.isBoolean() ? json.booleanValue() : mismatch(json, schema, path, errors);
            case NULL -> json.isNull() ? null : mismatch(json, schema, path, errors);
            case UNION -> throw new IllegalStateException("unions are handled above");
        };
    }

    private static GenericRecord record(JsonNode json, Schema schema, String path, List<FieldError> errors) {
        if (!json.isObject()) {
            return mismatch(json, schema, path, errors);
        }
        GenericData.Record record = new GenericData.Record(schema);
        for (Field field : schema.getFields()) {
            String fieldPath = child(path, field.name());
            JsonNode value = json.get(field.name());
            if (value != null) {
                record.put(field.pos(), convert(value, field.schema(), fieldPath, errors));
            } else if (field.hasDefaultValue()) {
                record.put(field.pos(), GenericData.get().deepCopy(field.schema(), GenericData.get().getDefaultValue(field)));
            } else {
                fail(errors, fieldPath, "missing, expected " + describe(field.schema()) + " (the field has no default)");
            }
        }
        Set<String> known = schema.getFields().stream().map(Field::name).collect(Collectors.toSet());
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                fail(errors, child(path, name), "unknown field; " + schema.getName() + " has " + schema.getFields().stream()
                        .map(Field::name).collect(Collectors.joining(", ")));
            }
        }
        return record;
    }

    private static Object union(JsonNode json, Schema schema, String path, List<FieldError> errors) {
        List<Schema> branches = schema.getTypes();
        if (json.isNull()) {
            if (branches.stream().anyMatch(b -> b.getType() == Schema.Type.NULL)) {
                return null;
            }
            return fail(errors, path, "found null, expected " + describe(schema) + " (the field is not nullable)");
        }
        List<Schema> candidates = branches.stream().filter(b -> b.getType() != Schema.Type.NULL).toList();
        if (candidates.size() == 1) {
            return convert(json, candidates.get(0), path, errors);
        }
        for (Schema branch : candidates) {
            List<FieldError> attempt = new ArrayList<>();
            Object value = convert(json, branch, path, attempt);
            if (attempt.isEmpty()) {
                return value;
            }
        }
        return mismatch(json, schema, path, errors);
    }

    private static GenericData.Array<Object> array(JsonNode json, Schema schema, String path, List<FieldError> errors) {
        if (!json.isArray()) {
            return mismatch(json, schema, path, errors);
        }
        GenericData.Array<Object> array = new GenericData.Array<>(json.size(), schema);
        for (int i = 0; i < json.size(); i++) {
            array.add(convert(json.get(i), schema.getElementType(), path + "[" + i + "]", errors));
        }
        return array;
    }

    private static Map<String, Object> map(JsonNode json, Schema schema, String path, List<FieldError> errors) {
        if (!json.isObject()) {
            return mismatch(json, schema, path, errors);
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> entries = json.fields(); entries.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = entries.next();
            map.put(entry.getKey(), convert(entry.getValue(), schema.getValueType(), child(path, entry.getKey()), errors));
        }
        return map;
    }

    private static Object enumSymbol(JsonNode json, Schema schema, String path, List<FieldError> errors) {
        if (!json.isTextual()) {
            return mismatch(json, schema, path, errors);
        }
        if (!schema.hasEnumSymbol(json.textValue())) {
            return fail(errors, path, "found " + show(json) + ", expected one of " + schema.getEnumSymbols());
        }
        return new GenericData.EnumSymbol(schema, json.textValue());
    }

    private static Object fixed(JsonNode json, Schema schema, String path, List<FieldError> errors) {
        if (!json.isTextual()) {
            return mismatch(json, schema, path, errors);
        }
        ByteBuffer bytes = base64(json, path, errors);
        if (bytes == null) {
            return null;
        }
        if (bytes.remaining() != schema.getFixedSize()) {
            return fail(errors, path, "found " + bytes.remaining() + " bytes, expected exactly " + schema.getFixedSize()
                    + " (fixed " + schema.getName() + ", base64)");
        }
        return new GenericData.Fixed(schema, bytes.array());
    }

    static ByteBuffer base64(JsonNode json, String path, List<FieldError> errors) {
        try {
            return ByteBuffer.wrap(Base64.getDecoder().decode(json.textValue()));
        } catch (IllegalArgumentException e) {
            return fail(errors, path, "found " + show(json) + ", expected base64 bytes (" + e.getMessage() + ")");
        }
    }

    private static Object integral(JsonNode json, Schema schema, String path, List<FieldError> errors, boolean isInt) {
        if (!json.isIntegralNumber()) {
            return mismatch(json, schema, path, errors);
        }
        if (isInt ? !json.canConvertToInt() : !json.canConvertToLong()) {
            return fail(errors, path, "found " + show(json) + ", out of range for " + describe(schema));
        }
        return isInt ? (Object) json.intValue() : (Object) json.longValue();
    }

    private static Object floating(JsonNode json, Schema schema, String path, List<FieldError> errors, boolean isFloat) {
        if (!json.isNumber()) {
            return mismatch(json, schema, path, errors);
        }
        double value = json.doubleValue();
        if (Double.isInfinite(value) || (isFloat && Math.abs(value) > Float.MAX_VALUE)) {
            return fail(errors, path, "found " + show(json) + ", out of range for " + describe(schema));
        }
        return isFloat ? (Object) (float) value : (Object) value;
    }

    static <T> T mismatch(JsonNode json, Schema schema, String path, List<FieldError> errors) {
        return fail(errors, path, "found " + show(json) + ", expected " + describe(schema));
    }

    static <T> T fail(List<FieldError> errors, String path, String message) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(new FieldError(path, IngestReasons.SCHEMA_MISMATCH, message));
        }
        return null;
    }

    /** The Avro type as a reader of the error would name it: {@code long (timestamp-millis)}, {@code record Txn}. */
    static String describe(Schema schema) {
        return switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> schema.getType().getName() + " " + schema.getName();
            case ARRAY -> "array of " + describe(schema.getElementType());
            case MAP -> "map of " + describe(schema.getValueType());
            case UNION -> "one of [" + schema.getTypes().stream().map(JsonToAvro::describe)
                    .collect(Collectors.joining(", ")) + "]";
            default -> schema.getLogicalType() == null ? schema.getType().getName()
                    : schema.getType().getName() + " (" + schema.getLogicalType().getName() + ")";
        };
    }

    /** A JSON value as an error shows it: its kind and, for scalars, the value (cut at 40 characters). */
    static String show(JsonNode json) {
        String kind = switch (json.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case NULL -> "null";
            default -> json.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
        if (json.isContainerNode() || json.isNull()) {
            return kind;
        }
        String text = json.toString();
        return kind + " " + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}

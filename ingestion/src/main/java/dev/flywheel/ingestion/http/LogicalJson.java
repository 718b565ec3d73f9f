package dev.flywheel.ingestion.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * JSON forms of Avro logical types, converted to their raw Avro values:
 * <ul>
 *   <li>{@code timestamp-millis}, {@code timestamp-micros}: ISO-8601 text with an offset
 *       ({@code 2024-05-01T12:00:00Z}, {@code 2024-05-01T14:00:00+02:00}) or a number of epoch
 *       <em>milliseconds</em> (what {@code Date.now()} gives) for both.</li>
 *   <li>{@code date}: ISO text ({@code 2024-05-01}) or a number of days since 1970-01-01.</li>
 *   <li>{@code decimal} (bytes or fixed): a JSON number or numeric text, with at most the schema's scale in
 *       decimal places and its precision in digits.</li>
 *   <li>{@code uuid}: text in the canonical 8-4-4-4-12 form.</li>
 * </ul>
 * Other logical types are read as their underlying type.
 */
final class LogicalJson {

    private static final Conversions.DecimalConversion DECIMALS = new Conversions.DecimalConversion();

    private LogicalJson() {
    }

    static boolean handles(Schema schema) {
        return switch (schema.getLogicalType().getName()) {
            case "timestamp-millis", "timestamp-micros", "date", "decimal", "uuid" -> true;
            default -> false;
        };
    }

    static Object convert(JsonNode json, Schema schema, String path, List<FieldError> errors) {
        LogicalType type = schema.getLogicalType();
        return switch (type.getName()) {
            case "timestamp-millis" -> timestamp(json, schema, path, errors, false);
            case "timestamp-micros" -> timestamp(json, schema, path, errors, true);
            case "date" -> date(json, schema, path, errors);
            case "decimal" -> decimal(json, schema, (LogicalTypes.Decimal) type, path, errors);
            case "uuid" -> uuid(json, schema, path, errors);
            default -> throw new IllegalStateException("not a handled logical type: " + type.getName());
        };
    }

    private static Object timestamp(JsonNode json, Schema schema, String path, List<FieldError> errors, boolean micros) {
        if (json.isIntegralNumber() && json.canConvertToLong()) {
            try {
                return micros ? Math.multiplyExact(json.longValue(), 1000L) : json.longValue();
            } catch (ArithmeticException e) {
                return JsonToAvro.fail(errors, path, "found " + JsonToAvro.show(json) + ", out of range for "
                        + JsonToAvro.describe(schema));
            }
        }
        if (!json.isTextual()) {
            return JsonToAvro.fail(errors, path, "found " + JsonToAvro.show(json) + ", expected " + JsonToAvro.describe(schema)
                    + " as ISO-8601 text with an offset or epoch milliseconds");
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(json.textValue()).toInstant();
        } catch (DateTimeException e) {
            return JsonToAvro.fail(errors, path, "found " + JsonToAvro.show(json) + ", expected ISO-8601 date-time with an "
                    + "offset, e.g. 2024-05-01T12:00:00Z or 2024-05-01T14:00:00+02:00");
        }
        try {
            return micros ? Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000L)
                    : instant.toEpochMilli();
        } catch (ArithmeticException e) {
            return JsonToAvro.fail(errors, path, "found " + JsonToAvro.show(json) + ", out of range for " + JsonToAvro.describe(schema));
        }
    }

    private static Object date(JsonNode json, Schema schema, String path, List<FieldError> errors) {
        if (json.isIntegralNumber() && json.canConvertToInt()) {
            return json.intValue();
        }
        if (!json.isTextual()) {
            return JsonToAvro.fail(errors, path, "found " + JsonToAvro.show(json) + ", expected " + JsonToAvro.describe(schema)
                    + " as ISO-8601 text (2024-05-01) or days since 1970-01-01");
        }
        try {
            return Math.toIntExact(LocalDate.parse(json.textValue()).toEpochDay());
        } catch (DateTimeException | ArithmeticException e) {
            return JsonToAvro.fail(errors, path, "found " + JsonToAvro.show(json) + ", expected ISO-8601 date, e.g. 2024-05-01");
        }
    }

    private static Object decimal(JsonNode json, Schema schema, LogicalTypes.Decimal type, String path,
                                  List<FieldError> errors) {
        BigDecimal value;
        try {
            value = json.isNumber() ? json.decimalValue() : json.isTextual() ? new BigDecimal(json.textValue().trim()) : null;
        } catch (NumberFormatException e) {
            value = null;
        }
        if (value == null) {
            return JsonToAvro.fail(errors, path, "found " + JsonToAvro.show(json) + ", expected " + JsonToAvro.describe(schema)
                    + " as a number or numeric text");
        }
        BigDecimal scaled;
        try {
            scaled = value.setScale(type.getScale(), RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            return JsonToAvro.fail(errors, path, "found " + value.toPlainString() + ", which has more than " + type.getScale()
                    + " decimal places (decimal(" + type.getPrecision() + ", " + type.getScale() + "))");
        }
        if (scaled.precision() > type.getPrecision()) {
            return JsonToAvro.fail(errors, path, "found " + value.toPlainString() + ", which has more than "
                    + type.getPrecision() + " digits (decimal(" + type.getPrecision() + ", " + type.getScale() + "))");
        }
        if (schema.getType() == Schema.Type.FIXED) {
            return DECIMALS.toFixed(scaled, schema, type);
        }
        return DECIMALS.toBytes(scaled, schema, type);
    }

    private static Object uuid(JsonNode json, Schema schema, String path, List<FieldError> errors) {
        if (json.isTextual() && json.textValue().length() == 36) {
            try {
                return UUID.fromString(json.textValue()).toString().equalsIgnoreCase(json.textValue())
                        ? json.textValue() : badUuid(json, schema, path, errors);
            } catch (IllegalArgumentException e) {
                return badUuid(json, schema, path, errors);
            }
        }
        return badUuid(json, schema, path, errors);
    }

    private static Object badUuid(JsonNode json, Schema schema, String path, List<FieldError> errors) {
        return JsonToAvro.fail(errors, path, "found " + JsonToAvro.show(json) + ", expected " + JsonToAvro.describe(schema)
                + " as text like 123e4567-e89b-12d3-a456-426614174000");
    }
}

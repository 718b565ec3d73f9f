package dev.flywheel.ingestion.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class JsonToAvroTest {

    private static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type": "record", "name": "Txn", "namespace": "dev.flywheel.test", "fields": [
              {"name": "card_id", "type": "string"},
              {"name": "amount", "type": "double"},
              {"name": "count", "type": "int", "default": 1},
              {"name": "seq", "type": "long", "default": 0},
              {"name": "ratio", "type": "float", "default": 0.0},
              {"name": "flag", "type": "boolean", "default": false},
              {"name": "note", "type": ["null", "string"], "default": null},
              {"name": "payload", "type": "bytes", "default": ""},
              {"name": "hash", "type": {"type": "fixed", "name": "Hash", "size": 4}, "default": "\\u0000\\u0000\\u0000\\u0000"},
              {"name": "country", "type": {"type": "enum", "name": "Country", "symbols": ["US", "DE", "FR"]}, "default": "US"},
              {"name": "tags", "type": {"type": "array", "items": "string"}, "default": []},
              {"name": "attrs", "type": {"type": "map", "values": "long"}, "default": {}},
              {"name": "merchant", "type": ["null", {"type": "record", "name": "Merchant", "fields": [
                {"name": "id", "type": "string"},
                {"name": "mcc", "type": ["null", "int"], "default": null}]}], "default": null},
              {"name": "ts", "type": {"type": "long", "logicalType": "timestamp-millis"}, "default": 0},
              {"name": "ts_us", "type": {"type": "long", "logicalType": "timestamp-micros"}, "default": 0},
              {"name": "day", "type": {"type": "int", "logicalType": "date"}, "default": 0},
              {"name": "price", "type": {"type": "bytes", "logicalType": "decimal", "precision": 6, "scale": 2}, "default": "\\u0000"},
              {"name": "fee", "type": {"type": "fixed", "name": "Fee", "size": 4, "logicalType": "decimal", "precision": 8, "scale": 3}, "default": "\\u0000\\u0000\\u0000\\u0000"},
              {"name": "id", "type": {"type": "string", "logicalType": "uuid"}, "default": "00000000-0000-0000-0000-000000000000"},
              {"name": "either", "type": ["null", "long", "string"], "default": null}
            ]}""");

    private static final ObjectMapper MAPPER = IngestBody.MAPPER;

    @Test
    void shouldConvertMinimalObjectAndFillDefaults() throws Exception {
        // when
        GenericRecord record = convert("{\"card_id\": \"c-1\", \"amount\": 12.5}");

        // then
        assertThat(record.get("card_id")).isEqualTo("c-1");
        assertThat(record.get("amount")).isEqualTo(12.5);
        assertThat(record.get("count")).isEqualTo(1);
        assertThat(record.get("note")).isNull();
        assertThat(record.get("country").toString()).isEqualTo("US");
        assertThat((List<?>) record.get("tags")).isEmpty();
        assertThat(writable(record)).isTrue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldConvertEveryPrimitiveAndComplexType() throws Exception {
        // when
        GenericRecord record = convert("""
                {"card_id": "c-2", "amount": 3, "count": 7, "seq": 9000000000, "ratio": 0.5, "flag": true,
                 "note": "hi", "payload": "AQID", "hash": "AAECAw==", "country": "DE", "tags": ["a", "b"],
                 "attrs": {"x": 1, "y": 2}, "merchant": {"id": "m-1", "mcc": 5411}}""");

        // then
        assertThat(record.get("amount")).isEqualTo(3.0);
        assertThat(record.get("count")).isEqualTo(7);
        assertThat(record.get("seq")).isEqualTo(9_000_000_000L);
        assertThat(record.get("ratio")).isEqualTo(0.5f);
        assertThat(record.get("flag")).isEqualTo(true);
        assertThat(record.get("note")).isEqualTo("hi");
        assertThat(((ByteBuffer) record.get("payload")).array()).containsExactly(1, 2, 3);
        assertThat(((GenericData.Fixed) record.get("hash")).bytes()).containsExactly(0, 1, 2, 3);
        assertThat(record.get("country")).isEqualTo(new GenericData.EnumSymbol(SCHEMA.getField("country").schema(), "DE"));
        assertThat((List<Object>) record.get("tags")).containsExactly("a", "b");
        assertThat((Map<Object, Object>) record.get("attrs")).containsEntry("x", 1L).containsEntry("y", 2L);
        GenericRecord merchant = (GenericRecord) record.get("merchant");
        assertThat(merchant.get("id")).isEqualTo("m-1");
        assertThat(merchant.get("mcc")).isEqualTo(5411);
        assertThat(writable(record)).isTrue();
    }

    @Test
    void shouldReadTimestampsAsIsoTextOrEpochMillis() throws Exception {
        // when
        GenericRecord iso = convert("{\"card_id\": \"c\", \"amount\": 1, \"ts\": \"2024-05-01T14:00:00.123+02:00\","
                + " \"ts_us\": \"2024-05-01T12:00:00.123456Z\"}");
        GenericRecord epoch = convert("{\"card_id\": \"c\", \"amount\": 1, \"ts\": 1714564800123, \"ts_us\": 1714564800123}");

        // then
        Instant instant = Instant.parse("2024-05-01T12:00:00.123Z");
        assertThat(iso.get("ts")).isEqualTo(instant.toEpochMilli());
        assertThat(iso.get("ts_us")).isEqualTo(instant.toEpochMilli() * 1000 + 456);
        assertThat(epoch.get("ts")).isEqualTo(1714564800123L);
        assertThat(epoch.get("ts_us")).isEqualTo(1714564800123000L);
    }

    @Test
    void shouldReadDatesDecimalsAndUuids() throws Exception {
        // when
        GenericRecord record = convert("{\"card_id\": \"c\", \"amount\": 1, \"day\": \"2024-05-01\", \"price\": 12.3,"
                + " \"fee\": \"-1.5\", \"id\": \"123e4567-e89b-12d3-a456-426614174000\"}");
        GenericRecord days = convert("{\"card_id\": \"c\", \"amount\": 1, \"day\": 19844}");

        // then
        assertThat(record.get("day")).isEqualTo((int) LocalDate.parse("2024-05-01").toEpochDay());
        assertThat(days.get("day")).isEqualTo(19844);
        Schema price = SCHEMA.getField("price").schema();
        assertThat(new Conversions.DecimalConversion().fromBytes((ByteBuffer) record.get("price"), price,
                price.getLogicalType())).isEqualTo(new BigDecimal("12.30"));
        Schema fee = SCHEMA.getField("fee").schema();
        assertThat(new Conversions.DecimalConversion().fromFixed((GenericData.Fixed) record.get("fee"), fee,
                (LogicalTypes.Decimal) fee.getLogicalType())).isEqualTo(new BigDecimal("-1.500"));
        assertThat(record.get("id")).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
        assertThat(writable(record)).isTrue();
    }

    @Test
    void shouldPickFirstUnionBranchTheValueFits() throws Exception {
        assertThat(convert("{\"card_id\": \"c\", \"amount\": 1, \"either\": 5}").get("either")).isEqualTo(5L);
        assertThat(convert("{\"card_id\": \"c\", \"amount\": 1, \"either\": \"five\"}").get("either")).isEqualTo("five");
        assertThat(convert("{\"card_id\": \"c\", \"amount\": 1, \"either\": null}").get("either")).isNull();
    }

    @Test
    void shouldRejectMissingFieldWithoutDefault() {
        assertErrors("{\"card_id\": \"c\"}", "amount", "missing, expected double (the field has no default)");
    }

    @Test
    void shouldRejectUnknownField() {
        assertErrors("{\"card_id\": \"c\", \"amount\": 1, \"colour\": \"red\"}", "colour",
                "unknown field; Txn has card_id, amount, count");
    }

    @Test
    void shouldRejectNullForNonNullableField() {
        assertErrors("{\"card_id\": null, \"amount\": 1}", "card_id", "found null, expected string (the field is not nullable)");
    }

    @Test
    void shouldRejectWrongPrimitiveTypes() {
        assertErrors("{\"card_id\": 5, \"amount\": 1}", "card_id", "found number 5, expected string");
        assertErrors("{\"card_id\": \"c\", \"amount\": \"12\"}", "amount", "found string \"12\", expected double");
        assertErrors("{\"card_id\": \"c\", \"amount\": 1, \"count\": 1.5}", "count", "found number 1.5, expected int");
        assertErrors("{\"card_id\": \"c\", \"amount\": 1, \"seq\": true}", "seq", "found boolean true, expected long");
        assertErrors("{\"card_id\": \"c\", \"amount\": 1, \"ratio\": \"x\"}", "ratio", "found string \"x\", expected float");
        assertErrors("{\"card_id\": \"c\", \"amount\": 1, \"flag\": \"yes\"}", "flag", "found string \"yes\", expected boolean");
        assertErrors("{\"card_id\": \"c\", \"amount\": 1, \"payload\": 3}", "payload", "found number 3, expected bytes");
    }

    @Test
    void shouldRejectNumbersOutOfRange() {
        assertErrors("{\"card_id\": \"c\", \"amount\": 1, \"count\": 3000000000}", "count", "out of range for int");
        assertErrors("{\"card_id\": \"c\", \"amount\": 1, \"seq\": 10000000000000000000}", "seq", "out of range for long");
        assertErrors("{\"card_id\": \"c\", \"amount\": 1, \"ratio\": 1e300}", "ratio", "out of range for float");
        assertErrors("{\"card_id\": \"c\", \"amount\": 1e999}", "amount", "out of range for double");
    }

    @Test
    void shouldRejectBadBytesFixedAndEnum() {
        assertErrors("{\"card_id\": \"c\", \"amount\": 1, \"payload\": \"not base64!\"}", "payload", "expected base64 bytes");
        assertErrors("{\"card_id\": \"c\", \"amount\": 1, \"hash\": \"AQID\"}", "hash",
                "found 3 bytes, expected exactly 4 (fixed Hash, base64)");
        assertErrors("{\"card_id\": \"c\", \"amount\": 1, \"country\": \"XX\"}", "country",
                "found string \"XX\", expected one of [US, DE, FR]");
        assertErrors("{\"card_id\": \"c\", \"amount\": 1, \"country\": 1}", "country", "found number 1, expected enum Country");
    }

    @Test
    void shouldRejectWrongContainersWithPathsIntoThem() {
        assertErrors("{\"card_id\": \"c\", \"amount\": 1, \"tags\": \"a\"}", "tags", "found string \"a\", expected array of string");
        assertErrors("{\"card_id\": \"c\", \"amount\": 1, \"tags\": [\"a\", 2]}", "tags[1]", "found number 2, expected string");
        assertErrors("{\"card_id\": \"c\", \"amount\": 1, \"attrs\": [1]}", "attrs", "found an array, expected map of long");
        assertErrors("{\"card_id\": \"c\", \"amount\": 1, \"attrs\": {\"k\": \"v\"}}", "attrs.k", "found string \"v\", expected long");
        assertErrors("{\"card_id\": \"c\", \"amount\": 1, \"merchant\": {\"mcc\": 1}}", "merchant.id", "missing");
        assertErrors("{\"card_id\": \"c\", \"amount\": 1, \"merchant\": 5}", "merchant", "found number 5, expected record Merchant");
    }

    @Test
    void shouldRejectValueThatFitsNoUnionBranch() {
        assertErrors("{\"card_id\": \"c\", \"amount\": 1, \"either\": true}", "either",
                "found boolean true, expected one of [null, long, string]");
    }

    @Test
    void shouldRejectBadLogicalValues() {
        assertErrors("{\"card_id\": \"c\", \"amount\": 1, \"ts\": \"2024-05-01T12:00:00\"}", "ts",
                "expected ISO-8601 date-time with an offset");
        assertErrors("{\"card_id\": \"c\", \"amount\": 1, \"ts\": true}", "ts",
                "expected long (timestamp-millis) as ISO-8601 text with an offset or epoch milliseconds");
        assertErrors("{\"card_id\": \"c\", \"amount\": 1, \"ts_us\": 9223372036854775807}", "ts_us", "out of range");
        assertErrors("{\"card_id\": \"c\", \"amount\": 1, \"day\": \"01/05/2024\"}", "day", "expected ISO-8601 date");
        assertErrors("{\"card_id\": \"c\", \"amount\": 1, \"price\": 1.234}", "price", "has more than 2 decimal places");
        assertErrors("{\"card_id\": \"c\", \"amount\": 1, \"price\": 12345.6}", "price", "has more than 6 digits");
        assertErrors("{\"card_id\": \"c\", \"amount\": 1, \"price\": \"abc\"}", "price", "as a number or numeric text");
        assertErrors("{\"card_id\": \"c\", \"amount\": 1, \"id\": \"not-a-uuid\"}", "id", "expected string (uuid)");
    }

    @Test
    void shouldRejectNonObjectRecord() {
        assertErrors("[1, 2]", "", "found an array, expected record Txn");
    }

    @Test
    void shouldReportEveryProblemOfOneRecord() {
        // when
        JsonConversionException e = catchThrowableOfType(JsonConversionException.class,
                () -> convert("{\"card_id\": 1, \"amount\": \"x\", \"extra\": 0}"));

        // then
        assertThat(e.errors()).extracting(FieldError::field).containsExactly("card_id", "amount", "extra");
        assertThat(e.errors()).extracting(FieldError::reason).containsOnly(IngestReasons.SCHEMA_MISMATCH);
        assertThat(e.getMessage()).startsWith("card_id: found number 1, expected string; amount: ");
    }

    private static void assertErrors(String json, String field, String message) {
        JsonConversionException e = catchThrowableOfType(JsonConversionException.class, () -> convert(json));
        assertThat(e).as("conversion of %s", json).isNotNull();
        assertThat(e.errors()).as("errors of %s", json).hasSize(1);
        assertThat(e.errors().get(0).field()).isEqualTo(field);
        assertThat(e.errors().get(0).message()).contains(message);
    }

    private static GenericRecord convert(String json) throws Exception {
        JsonNode node = MAPPER.readTree(json.getBytes(StandardCharsets.UTF_8));
        return JsonToAvro.toRecord(node, SCHEMA);
    }

    private static boolean writable(GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new GenericDatumWriter<GenericRecord>(SCHEMA).write(record, EncoderFactory.get().directBinaryEncoder(out, null));
        return out.size() > 0;
    }
}

package dev.flywheel.ingestion.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.schemas.ReasonCodes;
import dev.flywheel.topology.spec.DedupeSpec;
import dev.flywheel.topology.spec.FieldContract;
import dev.flywheel.topology.spec.SourceSpec;
import dev.flywheel.topology.spec.TimeBounds;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

class ContractValidatorTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static final Schema PAYMENT = SchemaBuilder.record("Payment").fields()
            .optionalString("currency")
            .endRecord();
    private static final Schema MICROS = LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
    private static final Schema MILLIS = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
    private static final Schema TXN = SchemaBuilder.record("Txn").namespace("dev.flywheel.test").fields()
            .optionalString("id")
            .optionalDouble("amount")
            .optionalLong("count")
            .optionalString("country")
            .optionalString("code")
            .name("tags").type().array().items().stringType().arrayDefault(List.of())
            .optionalBytes("blob")
            .name("payment").type().optional().type(PAYMENT)
            .name("ts").type(MILLIS).withDefault(0L)
            .name("ts_micros").type().optional().type(MICROS)
            .optionalString("ts_text")
            .endRecord();

    private static GenericRecord txn() {
        GenericRecord record = new GenericData.Record(TXN);
        record.put("id", "e-1");
        record.put("amount", 10.0);
        record.put("count", 3L);
        record.put("country", "DE");
        record.put("code", "AB12");
        record.put("tags", List.of("a"));
        record.put("ts", NOW.toEpochMilli());
        return record;
    }

    private static FieldContract contract(String field) {
        return new FieldContract(field, false, OptionalDouble.empty(), OptionalDouble.empty(), List.of(),
                Optional.empty(), OptionalInt.empty(), OptionalInt.empty());
    }

    private static FieldContract required(String field) {
        return new FieldContract(field, true, OptionalDouble.empty(), OptionalDouble.empty(), List.of(),
                Optional.empty(), OptionalInt.empty(), OptionalInt.empty());
    }

    private static FieldContract range(String field, Double min, Double max) {
        return new FieldContract(field, false, min == null ? OptionalDouble.empty() : OptionalDouble.of(min),
                max == null ? OptionalDouble.empty() : OptionalDouble.of(max), List.of(), Optional.empty(),
                OptionalInt.empty(), OptionalInt.empty());
    }

    private static FieldContract allowed(String field, String... values) {
        return new FieldContract(field, false, OptionalDouble.empty(), OptionalDouble.empty(), List.of(values),
                Optional.empty(), OptionalInt.empty(), OptionalInt.empty());
    }

    private static FieldContract pattern(String field, String regex) {
        return new FieldContract(field, false, OptionalDouble.empty(), OptionalDouble.empty(), List.of(),
                Optional.of(regex), OptionalInt.empty(), OptionalInt.empty());
    }

    private static FieldContract length(String field, Integer min, Integer max) {
        return new FieldContract(field, false, OptionalDouble.empty(), OptionalDouble.empty(), List.of(),
                Optional.empty(), min == null ? OptionalInt.empty() : OptionalInt.of(min),
                max == null ? OptionalInt.empty() : OptionalInt.of(max));
    }

    private static ContractValidator validator(FieldContract... contract) {
        return ContractValidator.of(new SourceSpec("txns", "txns", "id", Optional.empty(), Optional.empty(),
                List.of(contract), TimeBounds.DEFAULT, Optional.empty()));
    }

    private static List<Violation> check(ContractValidator validator, GenericRecord record) {
        return validator.check(record, NOW, NOW);
    }

    @Test
    void shouldAcceptRecordThatKeepsEveryRule() {
        ContractValidator validator = validator(required("id"), range("amount", 0.0, 100.0),
                allowed("country", "US", "DE"), pattern("code", "[A-Z]{2}[0-9]{2}"), length("code", 4, 4));

        assertThat(check(validator, txn())).isEmpty();
    }

    @Test
    void shouldReportRequiredFieldThatIsNullOrAbsentFromTheSchema() {
        GenericRecord record = txn();
        record.put("id", null);

        List<Violation> violations = check(validator(required("id"), required("no_such_field")), record);

        assertThat(violations).extracting(Violation::reasonCode).containsOnly(ReasonCodes.CONTRACT_REQUIRED);
        assertThat(violations).extracting(Violation::field).containsExactly("id", "no_such_field");
        assertThat(violations.get(0).message()).isEqualTo("id: found null or missing, expected a value (required)");
    }

    @Test
    void shouldSkipOtherRulesOfAnOptionalFieldThatIsNull() {
        GenericRecord record = txn();
        record.put("amount", null);

        assertThat(check(validator(range("amount", 0.0, 1.0)), record)).isEmpty();
    }

    @Test
    void shouldTreatRangeBoundsAsInclusive() {
        ContractValidator validator = validator(range("amount", 0.0, 100.0));
        GenericRecord atMin = txn();
        atMin.put("amount", 0.0);
        GenericRecord atMax = txn();
        atMax.put("amount", 100.0);
        GenericRecord below = txn();
        below.put("amount", -0.01);
        GenericRecord above = txn();
        above.put("amount", 100.01);

        assertThat(check(validator, atMin)).isEmpty();
        assertThat(check(validator, atMax)).isEmpty();
        assertThat(check(validator, below)).singleElement().satisfies(v -> {
            assertThat(v.reasonCode()).isEqualTo(ReasonCodes.CONTRACT_RANGE);
            assertThat(v.field()).isEqualTo("amount");
            assertThat(v.message()).isEqualTo("amount: found -0.01, expected at least 0");
        });
        assertThat(check(validator, above)).singleElement().satisfies(v ->
                assertThat(v.message()).isEqualTo("amount: found 100.01, expected at most 100"));
    }

    @Test
    void shouldCompareLongsExactlyAgainstRange() {
        ContractValidator validator = validator(range("count", null, 9007199254740992.0));
        GenericRecord above = txn();
        above.put("count", 9007199254740993L);

        assertThat(check(validator, above)).extracting(Violation::reasonCode).containsExactly(ReasonCodes.CONTRACT_RANGE);
    }

    @Test
    void shouldReportNaNAndNonNumbersAsOutOfRange() {
        GenericRecord nan = txn();
        nan.put("amount", Double.NaN);

        assertThat(check(validator(range("amount", 0.0, null)), nan)).singleElement().satisfies(v ->
                assertThat(v.message()).contains("found NaN", "expected a finite number of at least 0"));
        assertThat(check(validator(range("country", 0.0, 10.0)), txn())).singleElement().satisfies(v -> {
            assertThat(v.reasonCode()).isEqualTo(ReasonCodes.CONTRACT_RANGE);
            assertThat(v.message()).contains("found 'DE'", "between 0 and 10");
        });
    }

    @Test
    void shouldReportValueOutsideAllowedValues() {
        GenericRecord record = txn();
        record.put("country", new Utf8("FR"));

        assertThat(check(validator(allowed("country", "US", "DE")), record)).singleElement().satisfies(v -> {
            assertThat(v.reasonCode()).isEqualTo(ReasonCodes.CONTRACT_ALLOWED);
            assertThat(v.message()).isEqualTo("country: found 'FR', expected one of [US, DE]");
        });
    }

    @Test
    void shouldMatchAllowedNumbersNumerically() {
        GenericRecord three = txn();
        three.put("count", 3L);
        GenericRecord four = txn();
        four.put("count", 4L);
        ContractValidator validator = validator(allowed("count", "1.0", "3.0"));

        assertThat(check(validator, three)).isEmpty();
        assertThat(check(validator, four)).extracting(Violation::reasonCode)
                .containsExactly(ReasonCodes.CONTRACT_ALLOWED);
    }

    @Test
    void shouldRequireTheWholeStringToMatchThePattern() {
        GenericRecord partial = txn();
        partial.put("code", "xAB12");

        assertThat(check(validator(pattern("code", "[A-Z]{2}[0-9]{2}")), partial)).singleElement().satisfies(v -> {
            assertThat(v.reasonCode()).isEqualTo(ReasonCodes.CONTRACT_PATTERN);
            assertThat(v.message()).isEqualTo("code: found 'xAB12', expected a match of the whole pattern "
                    + "'[A-Z]{2}[0-9]{2}'");
        });
        assertThat(check(validator(pattern("count", "[0-9]+")), txn())).extracting(Violation::reasonCode)
                .containsExactly(ReasonCodes.CONTRACT_PATTERN);
    }

    @Test
    void shouldTreatLengthBoundsAsInclusiveCountingCodePoints() {
        ContractValidator validator = validator(length("code", 2, 4));
        GenericRecord shortest = txn();
        shortest.put("code", "\uD83D\uDE00\uD83D\uDE00");
        GenericRecord tooShort = txn();
        tooShort.put("code", "A");
        GenericRecord tooLong = txn();
        tooLong.put("code", "ABCDE");

        assertThat(check(validator, shortest)).isEmpty();
        assertThat(check(validator, txn())).isEmpty();
        assertThat(check(validator, tooShort)).singleElement().satisfies(v -> {
            assertThat(v.reasonCode()).isEqualTo(ReasonCodes.CONTRACT_LENGTH);
            assertThat(v.message()).isEqualTo("code: found length 1 ('A'), expected at least 2");
        });
        assertThat(check(validator, tooLong)).singleElement().satisfies(v ->
                assertThat(v.message()).isEqualTo("code: found length 5 ('ABCDE'), expected at most 4"));
    }

    @Test
    void shouldMeasureLengthOfArraysAndBytes() {
        GenericRecord record = txn();
        record.put("tags", List.of("a", "b", "c"));
        record.put("blob", ByteBuffer.wrap(new byte[10]));

        List<Violation> violations = check(validator(length("tags", null, 2), length("blob", null, 8)), record);

        assertThat(violations).extracting(Violation::field).containsExactly("tags", "blob");
        assertThat(violations).extracting(Violation::reasonCode).containsOnly(ReasonCodes.CONTRACT_LENGTH);
    }

    @Test
    void shouldReachNestedFieldsThroughDottedPaths() {
        GenericRecord payment = new GenericData.Record(PAYMENT);
        payment.put("currency", "eur");
        GenericRecord record = txn();
        record.put("payment", payment);
        GenericRecord noPayment = txn();

        ContractValidator validator = validator(required("payment.currency"), pattern("payment.currency", "[A-Z]{3}"));

        assertThat(check(validator, record)).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("payment.currency");
            assertThat(v.message()).startsWith("payment.currency: found 'eur'");
        });
        assertThat(check(validator, noPayment)).singleElement().satisfies(v -> {
            assertThat(v.reasonCode()).isEqualTo(ReasonCodes.CONTRACT_REQUIRED);
            assertThat(v.field()).isEqualTo("payment.currency");
        });
    }

    @Test
    void shouldReportEveryViolationInFieldOrderThenTimeBounds() {
        GenericRecord record = txn();
        record.put("country", "FR");
        record.put("amount", -1.0);
        record.put("code", "toolong!");
        ContractValidator validator = validator(allowed("country", "DE"), range("amount", 0.0, null),
                pattern("code", "[A-Z]+"), length("code", null, 4), contract("id"));

        List<Violation> violations = validator.check(record, NOW.plus(Duration.ofHours(1)), NOW);

        assertThat(violations).extracting(Violation::reasonCode).containsExactly(ReasonCodes.CONTRACT_ALLOWED,
                ReasonCodes.CONTRACT_RANGE, ReasonCodes.CONTRACT_PATTERN, ReasonCodes.CONTRACT_LENGTH,
                ReasonCodes.EVENT_TIME_FUTURE);
        assertThat(violations.get(4).field()).isNull();
        assertThat(Violation.summary(violations)).startsWith("country: found 'FR', expected one of [DE]; amount: ");
    }

    @Test
    void shouldAllowEventTimeUpToTheFutureSkewInclusive() {
        ContractValidator validator = timeBound(Duration.ofMinutes(5), null);

        assertThat(validator.check(txn(), NOW.plus(Duration.ofMinutes(5)), NOW)).isEmpty();
        assertThat(validator.check(txn(), NOW.plus(Duration.ofMinutes(5)).plusMillis(1), NOW)).singleElement()
                .satisfies(v -> {
                    assertThat(v.reasonCode()).isEqualTo(ReasonCodes.EVENT_TIME_FUTURE);
                    assertThat(v.field()).isNull();
                    assertThat(v.message()).contains("2026-03-01T12:05:00.001Z", "after ingest time", "PT5M");
                });
    }

    @Test
    void shouldAllowEventTimeUpToTheMaxAgeInclusive() {
        ContractValidator validator = timeBound(Duration.ofMinutes(5), Duration.ofDays(1));

        assertThat(validator.check(txn(), NOW.minus(Duration.ofDays(1)), NOW)).isEmpty();
        assertThat(validator.check(txn(), NOW.minus(Duration.ofDays(1)).minusMillis(1), NOW)).singleElement()
                .satisfies(v -> {
                    assertThat(v.reasonCode()).isEqualTo(ReasonCodes.EVENT_TIME_TOO_OLD);
                    assertThat(v.message()).contains("before ingest time", "PT24H");
                });
    }

    @Test
    void shouldAcceptAnyAgeWhenNoMaxAgeIsSet() {
        assertThat(timeBound(Duration.ofMinutes(5), null).check(txn(), Instant.EPOCH, NOW)).isEmpty();
    }

    @Test
    void shouldReadEventTimeInTheUnitOfTheLogicalType() {
        GenericRecord record = txn();
        record.put("ts_micros", NOW.toEpochMilli() * 1000 + 7);
        record.put("ts_text", "2026-03-01T11:00:00Z");

        assertThat(withTimestamp("ts").eventTime(record)).contains(NOW);
        assertThat(withTimestamp("ts_micros").eventTime(record)).contains(NOW.plusNanos(7000));
        assertThat(withTimestamp("ts_text").eventTime(record)).contains(Instant.parse("2026-03-01T11:00:00Z"));
        assertThat(validator().eventTime(record)).isEmpty();
    }

    @Test
    void shouldReadEventTimeFromAnInstantValue() {
        Schema schema = SchemaBuilder.record("WithInstant").fields().name("at").type(MILLIS).noDefault().endRecord();
        GenericRecord record = new GenericData.Record(schema);
        record.put("at", NOW);

        assertThat(withTimestamp("at").eventTime(record)).contains(NOW);
    }

    @Test
    void shouldRequireAReadableTimestampField() {
        GenericRecord missing = txn();
        GenericRecord notATime = txn();
        notATime.put("ts_text", "yesterday");

        ContractValidator validator = withTimestamp("ts_text");

        assertThat(validator.eventTime(missing)).isEmpty();
        assertThat(validator.check(missing, NOW, NOW)).singleElement().satisfies(v -> {
            assertThat(v.reasonCode()).isEqualTo(ReasonCodes.CONTRACT_REQUIRED);
            assertThat(v.field()).isEqualTo("ts_text");
            assertThat(v.message()).contains("timestamp field");
        });
        assertThat(validator.check(notATime, NOW, NOW)).singleElement().satisfies(v ->
                assertThat(v.message()).contains("found 'yesterday'", "expected an event time"));
    }

    @Test
    void shouldRequireTheDedupeEventIdOnceEvenWhenDeclaredInTheContract() {
        GenericRecord record = txn();
        record.put("id", null);
        SourceSpec implicit = new SourceSpec("txns", "txns", "id", Optional.empty(), Optional.empty(), List.of(),
                TimeBounds.DEFAULT, Optional.of(new DedupeSpec("id", Duration.ofMinutes(10))));
        SourceSpec declared = new SourceSpec("txns", "txns", "id", Optional.empty(), Optional.empty(),
                List.of(required("id")), TimeBounds.DEFAULT, Optional.of(new DedupeSpec("id", Duration.ofMinutes(10))));

        assertThat(ContractValidator.of(implicit).check(record, NOW, NOW)).singleElement().satisfies(v -> {
            assertThat(v.reasonCode()).isEqualTo(ReasonCodes.CONTRACT_REQUIRED);
            assertThat(v.message()).contains("dedupe event-id field");
        });
        assertThat(ContractValidator.of(declared).check(record, NOW, NOW)).hasSize(1);
    }

    private static ContractValidator withTimestamp(String field) {
        return ContractValidator.of(new SourceSpec("txns", "txns", "id", Optional.of(field), Optional.empty(),
                List.of(), TimeBounds.DEFAULT, Optional.empty()));
    }

    private static ContractValidator timeBound(Duration skew, Duration maxAge) {
        return ContractValidator.of(new SourceSpec("txns", "txns", "id", Optional.empty(), Optional.empty(),
                List.of(), new TimeBounds(skew, Optional.ofNullable(maxAge)), Optional.empty()));
    }
}

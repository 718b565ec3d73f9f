package dev.flywheel.features.view;

import static dev.flywheel.features.view.ViewFixture.at;
import static dev.flywheel.features.view.ViewFixture.feature;
import static dev.flywheel.features.view.ViewFixture.tumbling;
import static dev.flywheel.features.view.ViewFixture.txn;
import static dev.flywheel.features.view.ViewFixture.view;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.schemas.ReasonCodes;
import dev.flywheel.schemas.events.RejectedRecord;
import dev.flywheel.topology.spec.Aggregation;
import dev.flywheel.topology.spec.FeatureViewSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each aggregation, null field values, composite keys, ttl and the DLQ routes other than LATE. */
class FeatureViewAggregationsTest {

    private static final Duration DAY = Duration.ofDays(1);

    @TempDir
    Path stateDir;

    private static FeatureViewSpec everyAggregation() {
        return view(Duration.ofHours(2), Optional.empty(),
                feature("n", Aggregation.COUNT, null, tumbling(DAY)),
                feature("n_amount", Aggregation.COUNT, "amount", tumbling(DAY)),
                feature("qty_sum", Aggregation.SUM, "qty", tumbling(DAY)),
                feature("amount_sum", Aggregation.SUM, "amount", tumbling(DAY)),
                feature("amount_avg", Aggregation.AVG, "amount", tumbling(DAY)),
                feature("amount_min", Aggregation.MIN, "amount", tumbling(DAY)),
                feature("country_max", Aggregation.MAX, "country", tumbling(DAY)),
                feature("first_country", Aggregation.FIRST, "country", tumbling(DAY)),
                feature("last_country", Aggregation.LAST, "country", tumbling(DAY)),
                feature("merchants", Aggregation.DISTINCT_COUNT, "merchant", tumbling(DAY)),
                feature("merchants_ever", Aggregation.DISTINCT_COUNT, "merchant", null),
                feature("qty_ever", Aggregation.SUM, "qty", null),
                feature("country", Aggregation.PASSTHROUGH, "country", null));
    }

    @Test
    void shouldComputeEveryAggregationIgnoringNullValuesExceptCountAndPassthrough() {
        try (ViewFixture f = new ViewFixture(stateDir, everyAggregation())) {
            f.pipe(txn("c1", "FR", 10.0, 2, 7L, at("10:00:00")));
            f.pipe(txn("c1", "DE", 4.0, 3, 8L, at("11:00:00")));
            // out of order (within the grace): earliest by event time, so it is the first country
            f.pipe(txn("c1", "GB", 1.0, null, 7L, at("09:30:00")));
            f.pipe(txn("c1", null, null, 5, null, at("12:00:00")));

            GenericRecord row = last(f.rows.readValuesToList());
            assertThat(row.get("event_timestamp")).isEqualTo(at("12:00:00"));
            assertThat(row.get("n")).isEqualTo(4L);
            assertThat(row.get("n_amount")).isEqualTo(3L);
            assertThat(row.get("qty_sum")).isEqualTo(10L);
            assertThat(row.get("amount_sum")).isEqualTo(15.0);
            assertThat(row.get("amount_avg")).isEqualTo(5.0);
            assertThat(row.get("amount_min")).isEqualTo(1.0);
            assertThat(text(row, "country_max")).isEqualTo("GB");
            assertThat(text(row, "first_country")).isEqualTo("GB");
            assertThat(text(row, "last_country")).isEqualTo("DE");
            assertThat(row.get("merchants")).isEqualTo(2L);
            assertThat(row.get("merchants_ever")).isEqualTo(2L);
            assertThat(row.get("qty_ever")).isEqualTo(10L);
            // passthrough copies the latest event's value as is, null included
            assertThat(row.get("country")).isNull();
        }
    }

    @Test
    void shouldEmitNullForAggregatesWithoutAnyValueAndZeroForCounts() {
        try (ViewFixture f = new ViewFixture(stateDir, everyAggregation())) {
            f.pipe(txn("c1", null, null, null, null, at("10:00:00")));

            GenericRecord row = last(f.rows.readValuesToList());
            assertThat(row.get("n")).isEqualTo(1L);
            assertThat(row.get("n_amount")).isEqualTo(0L);
            assertThat(row.get("merchants")).isEqualTo(0L);
            for (String name : List.of("qty_sum", "amount_sum", "amount_avg", "amount_min", "country_max",
                    "first_country", "last_country", "qty_ever", "country")) {
                assertThat(row.get(name)).as(name).isNull();
            }
        }
    }

    @Test
    void shouldKeyCompositeEntitiesByEscapedJoinAndCarryEachKeyFieldTyped() {
        FeatureViewSpec spec = new FeatureViewSpec(ViewFixture.VIEW, ViewFixture.SOURCE,
                List.of("country", "merchant"), Optional.empty(), Duration.ZERO,
                List.of(feature("n", Aggregation.COUNT, null, null)));
        try (ViewFixture f = new ViewFixture(stateDir, spec)) {
            f.pipe(txn("c1", "D|E", 1.0, 1, 42L, at("10:00:00")));
            f.pipe(txn("c2", "D|E", 1.0, 1, 42L, at("10:01:00")));
            f.pipe(txn("c3", "D", 1.0, 1, 42L, at("10:02:00")));

            List<TestRecord<String, GenericRecord>> rows = f.rows.readRecordsToList();
            assertThat(rows).extracting(TestRecord::key).containsExactly("D\\|E|42", "D\\|E|42", "D|42");
            assertThat(rows).extracting(r -> r.value().get("n")).containsExactly(1L, 2L, 1L);
            assertThat(rows.get(0).value().get("merchant")).isEqualTo(42L);
            assertThat(rows.get(0).value().get("country").toString()).isEqualTo("D|E");
            assertThat(EntityKeys.split(rows.get(0).key(), 2)).containsExactly("D|E", "42");
            assertThat(f.entityStore().get("D|42")).isNotNull();
        }
    }

    @Test
    void shouldRouteRecordWithoutEntityKeyToTheDlqAsContractRequired() {
        FeatureViewSpec spec = new FeatureViewSpec(ViewFixture.VIEW, ViewFixture.SOURCE, List.of("merchant"),
                Optional.empty(), Duration.ZERO, List.of(feature("n", Aggregation.COUNT, null, null)));
        try (ViewFixture f = new ViewFixture(stateDir, spec)) {
            f.pipe(txn("c1", "DE", 1.0, 1, null, at("10:00:00")));

            assertThat(f.rows.isEmpty()).isTrue();
            RejectedRecord rejected = f.dlq.readValue();
            assertThat(rejected.getReasonCode()).isEqualTo(ReasonCodes.CONTRACT_REQUIRED);
            assertThat(rejected.getField()).isEqualTo("merchant");
            assertThat(f.rejections.count("txns.valid", ReasonCodes.CONTRACT_REQUIRED)).isEqualTo(1);
        }
    }

    @Test
    void shouldRouteTombstoneToTheDlqAsNullValue() {
        try (ViewFixture f = new ViewFixture(stateDir, everyAggregation())) {
            f.in.pipeInput(ViewFixture.key("c1"), null, ViewFixture.WALL_CLOCK);

            assertThat(f.rows.isEmpty()).isTrue();
            assertThat(f.dlq.readValue().getReasonCode()).isEqualTo(ReasonCodes.NULL_VALUE);
        }
    }

    @Test
    void shouldUseTheRecordTimestampWhenTheSourceHasNoTimestampField() {
        try (ViewFixture f = new ViewFixture(stateDir, view(Duration.ZERO, Optional.empty(),
                feature("n_1d", Aggregation.COUNT, null, tumbling(DAY))), Optional.empty())) {
            f.in.pipeInput(ViewFixture.key("c1"), txn("c1", null, null, null, null, 0L),
                    java.time.Instant.ofEpochMilli(at("10:00:00")));

            TestRecord<String, GenericRecord> row = f.rows.readRecord();
            assertThat(row.value().get("event_timestamp")).isEqualTo(at("10:00:00"));
            assertThat(row.timestamp()).isEqualTo(at("10:00:00"));
        }
    }

    @Test
    void shouldForgetEntitiesSilentForLongerThanTheTtl() {
        try (ViewFixture f = new ViewFixture(stateDir, view(Duration.ZERO, Optional.of(Duration.ofHours(2)),
                feature("qty_ever", Aggregation.SUM, "qty", null)))) {
            f.pipe(txn("c1", null, null, 5, null, at("10:00:00")));
            f.pipe(txn("c2", null, null, 1, null, at("11:00:00")));
            assertThat(f.entityStore().get("c1")).isNotNull();

            // stream time 12:00:01: c1 has been silent for more than 2 h
            f.pipe(txn("c2", null, null, 1, null, at("12:00:01")));
            assertThat(f.entityStore().get("c1")).isNull();
            assertThat(f.entityStore().get("c2")).isNotNull();

            // c1 comes back: its all-time aggregates start afresh
            f.pipe(txn("c1", null, null, 7, null, at("12:00:02")));
            assertThat(last(f.rows.readValuesToList()).get("qty_ever")).isEqualTo(7L);
        }
    }

    @Test
    void shouldKeepTheWindowSlicesOfAnEntityForgottenByTtlUntilTheyLeaveTheirRetention() {
        try (ViewFixture f = new ViewFixture(stateDir, view(Duration.ZERO, Optional.of(Duration.ofMinutes(30)),
                feature("n_2h", Aggregation.COUNT, null, tumbling(Duration.ofHours(2))),
                feature("qty_ever", Aggregation.SUM, "qty", null)))) {
            f.pipe(txn("c1", null, null, 5, null, at("10:00:00")));
            // stream time 10:31: the sweep forgets c1 (silent > 30 min), but its [10:00, 12:00) slice is in retention
            f.pipe(txn("c2", null, null, 1, null, at("10:31:00")));
            assertThat(f.entityStore().get("c1").latest()).isEqualTo(Long.MIN_VALUE);
            assertThat(f.sliceStarts("c1", 0)).containsExactly(at("10:00:00"));

            // c1 comes back: the all-time sum starts afresh, the window still counts the earlier event
            f.pipe(txn("c1", null, null, 7, null, at("10:40:00")));
            GenericRecord row = last(f.rows.readValuesToList());
            assertThat(row.get("qty_ever")).isEqualTo(7L);
            assertThat(row.get("n_2h")).isEqualTo(2L);

            // stream time 12:31: c1 is silent again and its slice is out of the 2 h retention: the entry goes
            f.pipe(txn("c2", null, null, 1, null, at("12:31:00")));
            assertThat(f.entityStore().get("c1")).isNull();
        }
    }

    @Test
    void shouldKeepTheWholeViewInOneStoreWithOneChangelog() {
        try (ViewFixture f = new ViewFixture(stateDir, everyAggregationWithEveryWindowKind())) {
            f.pipe(txn("c1", "DE", 1.0, 1, 1L, at("10:00:00")));

            assertThat(f.driver.getAllStateStores()).containsOnlyKeys("features-card_spend-state");
            assertThat(f.driver.producedTopicNames().stream().filter(name -> name.endsWith("-changelog")))
                    .containsExactly("test-card_spend-features-card_spend-state-changelog");
            assertThat(f.view.windows()).extracting(WindowGroup::identity)
                    .containsExactly("tumbling-86400000", "sliding-3600000", "hopping-7200000-3600000");
        }
    }

    private static FeatureViewSpec everyAggregationWithEveryWindowKind() {
        return view(Duration.ZERO, Optional.empty(),
                feature("n", Aggregation.COUNT, null, tumbling(DAY)),
                feature("n_1h", Aggregation.COUNT, null, ViewFixture.sliding(Duration.ofHours(1))),
                feature("avg_2h", Aggregation.AVG, "amount", ViewFixture.hopping(Duration.ofHours(2),
                        Duration.ofHours(1))),
                feature("amount_max", Aggregation.MAX, "amount", null));
    }

    private static GenericRecord last(List<GenericRecord> rows) {
        assertThat(rows).isNotEmpty();
        return rows.get(rows.size() - 1);
    }

    private static String text(GenericRecord row, String field) {
        Object value = row.get(field);
        return value == null ? null : value.toString();
    }


    @Test
    void shouldCarryTheSourceHeadersOntoTheRowStampedWithItsEventTime() {
        try (ViewFixture f = new ViewFixture(stateDir, view(Duration.ZERO, Optional.empty(),
                feature("n_1d", Aggregation.COUNT, null, tumbling(DAY))), Optional.empty())) {
            // given a source record with a header of its own
            org.apache.kafka.common.header.internals.RecordHeaders headers =
                    new org.apache.kafka.common.header.internals.RecordHeaders();
            headers.add("trace-id", "t-1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            f.in.pipeInput(new TestRecord<>(ViewFixture.key("c1"), txn("c1", null, null, null, null, 0L), headers,
                    java.time.Instant.ofEpochMilli(at("10:00:00"))));

            // then the row keeps it, under the entity key and the event time
            TestRecord<String, GenericRecord> row = f.rows.readRecord();
            assertThat(row.key()).isEqualTo("c1");
            assertThat(row.timestamp()).isEqualTo(at("10:00:00"));
            assertThat(row.headers().toArray()).extracting(org.apache.kafka.common.header.Header::key)
                    .containsExactly("trace-id");
            assertThat(row.value().get("n_1d")).isEqualTo(1L);
        }
    }
}

package dev.flywheel.features.view;

import static dev.flywheel.features.view.ViewFixture.at;
import static dev.flywheel.features.view.ViewFixture.feature;
import static dev.flywheel.features.view.ViewFixture.hopping;
import static dev.flywheel.features.view.ViewFixture.sliding;
import static dev.flywheel.features.view.ViewFixture.tumbling;
import static dev.flywheel.features.view.ViewFixture.txn;
import static dev.flywheel.features.view.ViewFixture.view;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.schemas.ReasonCodes;
import dev.flywheel.schemas.events.RejectedRecord;
import dev.flywheel.topology.runtime.DlqRouting;
import dev.flywheel.topology.spec.Aggregation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Window semantics, grace, lateness and expiry of a view's topology, at explicit event times. */
class FeatureViewWindowsTest {

    private static final Duration HOUR = Duration.ofHours(1);

    @TempDir
    Path stateDir;

    @Test
    void shouldCountWithinTheTumblingWindowOfEachEventAndStartAfreshInTheNext() {
        try (ViewFixture f = new ViewFixture(stateDir, view(Duration.ZERO, Optional.empty(),
                feature("n_1h", Aggregation.COUNT, null, tumbling(HOUR))))) {
            // given two events in [10:00, 11:00) and one in [11:00, 12:00)
            f.pipe(txn("c1", "DE", 1.0, 1, 1L, at("10:05:00")));
            f.pipe(txn("c1", "DE", 1.0, 1, 1L, at("10:59:59")));
            f.pipe(txn("c1", "DE", 1.0, 1, 1L, at("11:00:00")));

            // then
            assertThat(f.rows.readValuesToList()).extracting(r -> r.get("n_1h"), r -> r.get("event_timestamp"))
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(1L, at("10:05:00")),
                            org.assertj.core.groups.Tuple.tuple(2L, at("10:59:59")),
                            org.assertj.core.groups.Tuple.tuple(1L, at("11:00:00")));
            assertThat(f.slice("c1", 0, at("11:00:00")).results()).containsExactly(1L);
            // no grace: the [10:00, 11:00) slice is released as soon as the 11:00 slice opens
            assertThat(f.slice("c1", 0, at("10:00:00"))).isNull();
        }
    }

    @Test
    void shouldAggregateOverTheHoppingWindowContainingTheEventThatEndsSoonest() {
        try (ViewFixture f = new ViewFixture(stateDir, view(Duration.ZERO, Optional.empty(),
                feature("sum_2h", Aggregation.SUM, "qty", hopping(Duration.ofHours(2), HOUR))))) {
            f.pipe(txn("c1", null, null, 1, null, at("09:30:00")));
            f.pipe(txn("c1", null, null, 10, null, at("10:30:00")));
            f.pipe(txn("c1", null, null, 100, null, at("11:30:00")));

            // 09:30 -> window [08:00, 10:00); 10:30 -> [09:00, 11:00); 11:30 -> [10:00, 12:00)
            assertThat(f.rows.readValuesToList()).extracting(r -> r.get("sum_2h")).containsExactly(1L, 11L, 110L);
            // slices are one hop wide (gcd of size and hop)
            assertThat(f.view.windows().get(0).sliceMillis()).isEqualTo(HOUR.toMillis());
            assertThat(f.slice("c1", 0, at("11:00:00")).results()).containsExactly(100L);
        }
    }

    @Test
    void shouldAggregateOverTheLastWindowSizeUpToEachEventForSlidingWindows() {
        try (ViewFixture f = new ViewFixture(stateDir, view(Duration.ZERO, Optional.empty(),
                feature("n_1h", Aggregation.COUNT, null, sliding(HOUR)),
                feature("max_1h", Aggregation.MAX, "amount", sliding(HOUR))))) {
            f.pipe(txn("c1", null, 5.0, null, null, at("10:00:00")));
            f.pipe(txn("c1", null, 3.0, null, null, at("10:30:00")));
            // (t - 1h, t]: the 10:00 event is exactly one hour old and falls out
            f.pipe(txn("c1", null, 1.0, null, null, at("11:00:00")));
            f.pipe(txn("c1", null, 2.0, null, null, at("11:29:59.999")));

            assertThat(f.rows.readValuesToList()).extracting(r -> r.get("n_1h"), r -> r.get("max_1h")).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(1L, 5.0),
                    org.assertj.core.groups.Tuple.tuple(2L, 5.0),
                    org.assertj.core.groups.Tuple.tuple(2L, 3.0),
                    org.assertj.core.groups.Tuple.tuple(3L, 3.0));
        }
    }

    @Test
    void shouldEmitOneRowWithEveryFeatureOfTheEntityPerEvent() {
        try (ViewFixture f = new ViewFixture(stateDir, view(Duration.ZERO, Optional.empty(),
                feature("n_1h", Aggregation.COUNT, null, tumbling(HOUR)),
                feature("amount_sum_1d", Aggregation.SUM, "amount", tumbling(Duration.ofDays(1))),
                feature("amount_avg_2h", Aggregation.AVG, "amount", hopping(Duration.ofHours(2), HOUR)),
                feature("last_country", Aggregation.LAST, "country", null),
                feature("country", Aggregation.PASSTHROUGH, "country", null)))) {
            f.pipe(txn("c1", "DE", 10.0, 1, 1L, at("10:00:00")));
            f.pipe(txn("c2", "FR", 7.0, 1, 1L, at("10:10:00")));
            f.pipe(txn("c1", "GB", 20.0, 1, 1L, at("11:00:00")));

            List<TestRecord<String, GenericRecord>> rows = f.rows.readRecordsToList();
            assertThat(rows).extracting(TestRecord::key).containsExactly("c1", "c2", "c1");
            GenericRecord last = rows.get(2).value();
            assertThat(last.get("card_id").toString()).isEqualTo("c1");
            assertThat(last.get("event_timestamp")).isEqualTo(at("11:00:00"));
            // created is the wall clock, but strictly after the entity's previous row (the clock has not moved here)
            assertThat(rows.get(0).value().get("created")).isEqualTo(ViewFixture.WALL_CLOCK.toEpochMilli());
            assertThat(rows.get(1).value().get("created")).isEqualTo(ViewFixture.WALL_CLOCK.toEpochMilli());
            assertThat(last.get("created")).isEqualTo(ViewFixture.WALL_CLOCK.toEpochMilli() + 1);
            assertThat(last.get("n_1h")).isEqualTo(1L);
            assertThat(last.get("amount_sum_1d")).isEqualTo(30.0);
            assertThat(last.get("amount_avg_2h")).isEqualTo(15.0);
            assertThat(last.get("last_country").toString()).isEqualTo("GB");
            assertThat(last.get("country").toString()).isEqualTo("GB");
            assertThat(rows.get(2).timestamp()).isEqualTo(at("11:00:00"));
            assertThat(f.counter(FeatureViewMetrics.EVENTS_IN)).isEqualTo(3.0);
            assertThat(f.counter(FeatureViewMetrics.ROWS_OUT)).isEqualTo(3.0);
        }
    }

    @Test
    void shouldAddOutOfOrderEventWithinGraceToItsWindowAndEmitTheRowAsOfTheLatestEvent() {
        try (ViewFixture f = new ViewFixture(stateDir, view(Duration.ofMinutes(10), Optional.empty(),
                feature("n_1h", Aggregation.COUNT, null, tumbling(HOUR)),
                feature("first_qty", Aggregation.FIRST, "qty", null)))) {
            f.pipe(txn("c1", null, null, 1, null, at("10:50:00")));
            f.pipe(txn("c1", null, null, 2, null, at("11:05:00")));
            // 9 min behind stream time 11:05: within the 10 min grace
            f.pipe(txn("c1", null, null, 3, null, at("10:56:00")));

            List<GenericRecord> rows = f.rows.readValuesToList();
            assertThat(rows).hasSize(3);
            // the late-arriving event landed in [10:00, 11:00), not in the current window
            assertThat(f.slice("c1", 0, at("10:00:00")).results()).containsExactly(2L);
            assertThat(f.slice("c1", 0, at("11:00:00")).results()).containsExactly(1L);
            // the row is the entity's current row: as of 11:05, in the 11:00 window; first by event time
            assertThat(rows.get(2).get("event_timestamp")).isEqualTo(at("11:05:00"));
            assertThat(rows.get(2).get("n_1h")).isEqualTo(1L);
            assertThat(rows.get(2).get("first_qty")).isEqualTo(1);
            assertThat(f.dlq.isEmpty()).isTrue();
        }
    }

    @Test
    void shouldRouteEventBeyondTheGracePeriodToTheDlqAsLateAndLeaveTheStoresUnchanged() {
        try (ViewFixture f = new ViewFixture(stateDir, view(Duration.ofMinutes(10), Optional.empty(),
                feature("n_1h", Aggregation.COUNT, null, tumbling(HOUR))))) {
            f.pipe(txn("c1", null, null, 1, null, at("10:50:00")));
            f.pipe(txn("c1", null, null, 2, null, at("11:05:00")));
            // stream time 11:05, grace 10 min: 10:55 is the oldest accepted event time
            f.pipe(txn("c1", null, null, 3, null, at("10:54:59.999")));
            f.pipe(txn("c1", null, null, 4, null, at("10:55:00")));

            assertThat(f.rows.readValuesToList()).hasSize(3);
            List<TestRecord<Bytes, RejectedRecord>> dlq = f.dlq.readRecordsToList();
            assertThat(dlq).singleElement().satisfies(record -> {
                RejectedRecord rejected = record.value();
                assertThat(rejected.getReasonCode()).isEqualTo(ReasonCodes.LATE);
                assertThat(rejected.getSourceTopic()).isEqualTo("txns.valid");
                assertThat(rejected.getOffset()).isEqualTo(2L);
                assertThat(rejected.getStage()).isEqualTo("features-card_spend");
                assertThat(rejected.getMessage()).contains("grace period of 600000 ms");
                assertThat(record.key()).isEqualTo(ViewFixture.key("c1"));
                assertThat(new String(record.headers().lastHeader(DlqRouting.REASON_HEADER).value(),
                        StandardCharsets.UTF_8)).isEqualTo(ReasonCodes.LATE);
                // the original value, decodable with its writer schema
                assertThat(f.decodeSource(rejected.getValue()).get("qty")).isEqualTo(3);
            });
            assertThat(f.rejections.count("txns.valid", ReasonCodes.LATE)).isEqualTo(1);
            assertThat(f.slice("c1", 0, at("10:00:00")).results()).containsExactly(2L);
            assertThat(f.counter(FeatureViewMetrics.EVENTS_IN)).isEqualTo(4.0);
            assertThat(f.counter(FeatureViewMetrics.ROWS_OUT)).isEqualTo(3.0);
        }
    }

    @Test
    void shouldReleaseSlicesOnceOlderThanWindowSizePlusGrace() {
        try (ViewFixture f = new ViewFixture(stateDir, view(Duration.ofMinutes(10), Optional.empty(),
                feature("n_1h", Aggregation.COUNT, null, tumbling(HOUR))))) {
            f.pipe(txn("c1", null, null, 1, null, at("10:00:00")));
            f.pipe(txn("c1", null, null, 1, null, at("11:09:59")));
            // stream time 11:09:59, retention 1h10m: the 10:00 slice is still within it (a record of 10:59:59 is
            // within the grace and would need it)
            assertThat(f.sliceStarts("c1", 0)).containsExactly(at("10:00:00"), at("11:00:00"));

            // the entity's next event, at stream time 12:00, drops the slices that start at or before 10:50
            f.pipe(txn("c1", null, null, 1, null, at("12:00:00")));

            assertThat(f.slice("c1", 0, at("10:00:00"))).isNull();
            assertThat(f.sliceStarts("c1", 0)).containsExactly(at("11:00:00"), at("12:00:00"));
            assertThat(f.view.windows().get(0).retention()).isEqualTo(Duration.ofMinutes(70));
            assertThat(f.rows.readValuesToList()).extracting(r -> r.get("n_1h")).containsExactly(1L, 1L, 1L);
        }
    }
}

package dev.flywheel.features.view;

import static dev.flywheel.features.view.ViewFixture.at;
import static dev.flywheel.features.view.ViewFixture.feature;
import static dev.flywheel.features.view.ViewFixture.tumbling;
import static dev.flywheel.features.view.ViewFixture.txn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.flywheel.schemas.ReasonCodes;
import dev.flywheel.schemas.events.RejectedRecord;
import dev.flywheel.topology.spec.Aggregation;
import dev.flywheel.topology.spec.FeatureSpec;
import dev.flywheel.topology.spec.FeatureViewSpec;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Views whose entity is not the source's key ({@code txns} is keyed by {@code card_id}): records are keyed by
 * entity and repartitioned before the aggregation, so one entity's events from many source keys (partitions)
 * meet in one task; refusals keep their source coordinates across the repartition.
 */
class FeatureViewRepartitionTest {

    private static final Duration HOUR = Duration.ofHours(1);

    @TempDir
    Path stateDir;

    private static FeatureViewSpec view(List<String> entities, Duration grace, FeatureSpec... features) {
        return new FeatureViewSpec(ViewFixture.VIEW, ViewFixture.SOURCE, entities, Optional.empty(), grace,
                List.of(features));
    }

    @Test
    void shouldAggregateEachMerchantAcrossCardsThroughTheNamedRepartitionTopic() {
        try (ViewFixture f = new ViewFixture(stateDir, view(List.of("merchant"), Duration.ZERO,
                feature("n_1h", Aggregation.COUNT, null, tumbling(HOUR)),
                feature("amount_sum", Aggregation.SUM, "amount", null)))) {
            // given events of merchant 7 under three different source keys (cards), and one of merchant 8
            f.pipe(txn("c1", "DE", 1.0, 1, 7L, at("10:00:00")));
            f.pipe(txn("c2", "DE", 2.0, 1, 7L, at("10:10:00")));
            f.pipe(txn("c3", "FR", 4.0, 1, 8L, at("10:20:00")));
            f.pipe(txn("c3", "FR", 8.0, 1, 7L, at("10:30:00")));

            // then: keyed by merchant, each row aggregating the merchant's events of every card
            assertThat(f.rows.readRecordsToList()).extracting(TestRecord::key, r -> r.value().get("n_1h"),
                    r -> r.value().get("amount_sum"), r -> r.value().get("merchant")).containsExactly(
                    tuple("7", 1L, 1.0, 7L), tuple("7", 2L, 3.0, 7L), tuple("8", 1L, 4.0, 8L), tuple("7", 3L, 11.0, 7L));
            assertThat(f.view.keyedBySource()).isFalse();
            assertThat(f.driver.producedTopicNames()).contains("test-card_spend-by-entity-repartition");
            assertThat(f.entityStore().get("7").latest()).isEqualTo(at("10:30:00"));
            assertThat(f.counter(FeatureViewMetrics.EVENTS_IN)).isEqualTo(4.0);
            assertThat(f.counter(FeatureViewMetrics.ROWS_OUT)).isEqualTo(4.0);
        }
    }

    @Test
    void shouldKeyACompositeEntityInTheViewsOrderAcrossSourceKeys() {
        try (ViewFixture f = new ViewFixture(stateDir, view(List.of("country", "card_id"), Duration.ZERO,
                feature("n", Aggregation.COUNT, null, null)))) {
            f.pipe(txn("c|1", "DE", 1.0, 1, 7L, at("10:00:00")));
            f.pipe(txn("c|1", "FR", 1.0, 1, 7L, at("10:01:00")));
            f.pipe(txn("c|1", "DE", 1.0, 1, 7L, at("10:02:00")));

            assertThat(f.rows.readRecordsToList()).extracting(TestRecord::key, r -> r.value().get("n"))
                    .containsExactly(tuple("DE|c\\|1", 1L), tuple("FR|c\\|1", 1L), tuple("DE|c\\|1", 2L));
        }
    }

    @Test
    void shouldNotRepartitionWhenTheSourceIsKeyedByTheViewsEntity() {
        try (ViewFixture f = new ViewFixture(stateDir, view(List.of("card_id"), Duration.ZERO,
                feature("n", Aggregation.COUNT, null, null)))) {
            f.pipe(txn("c1", "DE", 1.0, 1, 7L, at("10:00:00")));

            assertThat(f.view.keyedBySource()).isTrue();
            assertThat(f.rows.readKeyValuesToList()).hasSize(1);
            assertThat(f.driver.producedTopicNames()).noneMatch(topic -> topic.endsWith("-repartition"));
        }
    }

    @Test
    void shouldRouteARecordWithoutEntityToTheDlqBeforeTheRepartition() {
        try (ViewFixture f = new ViewFixture(stateDir, view(List.of("merchant"), Duration.ZERO,
                feature("n", Aggregation.COUNT, null, null)))) {
            f.pipe(txn("c1", "DE", 1.0, 1, 7L, at("10:00:00")));
            f.pipe(txn("c2", "DE", 1.0, 1, null, at("10:01:00")));

            List<TestRecord<Bytes, RejectedRecord>> dlq = f.dlq.readRecordsToList();
            assertThat(dlq).hasSize(1);
            RejectedRecord rejected = dlq.get(0).value();
            assertThat(rejected.getReasonCode()).isEqualTo(ReasonCodes.CONTRACT_REQUIRED);
            assertThat(rejected.getField()).isEqualTo("merchant");
            assertThat(rejected.getSourceTopic()).isEqualTo("txns.valid");
            assertThat(rejected.getOffset()).isEqualTo(1L);
            assertThat(dlq.get(0).key()).isEqualTo(ViewFixture.key("c2"));
            assertThat(f.rows.readValuesToList()).hasSize(1);
            assertThat(f.rejections.count("txns.valid", ReasonCodes.CONTRACT_REQUIRED)).isEqualTo(1);
        }
    }

    @Test
    void shouldRouteALateRecordWithItsSourceCoordinatesAndKeyAfterTheRepartition() {
        try (ViewFixture f = new ViewFixture(stateDir, view(List.of("merchant"), Duration.ofMinutes(10),
                feature("n_1h", Aggregation.COUNT, null, tumbling(HOUR))))) {
            // given merchant 7 at 10:00 and 10:30 (stream time 10:30), then an event 20 minutes behind it
            f.pipe(txn("c1", null, null, 1, 7L, at("10:00:00")));
            f.pipe(txn("c2", null, null, 1, 7L, at("10:30:00")));
            f.pipe(txn("c3", null, null, 3, 7L, at("10:10:00")));

            // then: LATE, with the coordinates and key the record had on txns.valid, not the internal topic's
            List<TestRecord<Bytes, RejectedRecord>> dlq = f.dlq.readRecordsToList();
            assertThat(dlq).hasSize(1);
            RejectedRecord rejected = dlq.get(0).value();
            assertThat(rejected.getReasonCode()).isEqualTo(ReasonCodes.LATE);
            assertThat(rejected.getSourceTopic()).isEqualTo("txns.valid");
            assertThat(rejected.getOffset()).isEqualTo(2L);
            assertThat(ByteBuffer.wrap(ViewFixture.key("c3").get())).isEqualTo(rejected.getKey());
            assertThat(dlq.get(0).key()).isEqualTo(ViewFixture.key("c3"));
            assertThat(f.decodeSource(rejected.getValue()).get("qty")).isEqualTo(3);
            assertThat(rejected.getHeaders()).noneMatch(header -> header.getKey().startsWith("flywheel.features.origin"));
            // and the rows carry none of the internal headers either (the source's own headers, see below)
            List<TestRecord<String, GenericRecord>> rows = f.rows.readRecordsToList();
            assertThat(rows).extracting(r -> r.value().get("n_1h")).containsExactly(1L, 2L);
            for (TestRecord<String, GenericRecord> row : rows) {
                assertThat(row.headers().toArray()).extracting(Header::key)
                        .noneMatch(name -> name.startsWith("flywheel.features.origin"));
            }
        }
    }

    @Test
    void shouldKeepTheSourceHeadersAndDropTheOriginOnesOnRowsAfterTheRepartition() {
        try (ViewFixture f = new ViewFixture(stateDir, view(List.of("merchant"), Duration.ZERO,
                feature("n_1h", Aggregation.COUNT, null, tumbling(HOUR))))) {
            // given a source record with a header of its own, keyed by card but viewed by merchant
            org.apache.kafka.common.header.internals.RecordHeaders headers =
                    new org.apache.kafka.common.header.internals.RecordHeaders();
            headers.add("trace-id", "t-1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            f.in.pipeInput(new TestRecord<>(ViewFixture.key("c1"), txn("c1", null, null, 1, 7L, at("10:00:00")),
                    headers, ViewFixture.WALL_CLOCK));

            // then its row keeps that header and none of the origin ones
            TestRecord<String, GenericRecord> row = f.rows.readRecord();
            assertThat(row.value().get("n_1h")).isEqualTo(1L);
            assertThat(row.headers().toArray()).extracting(Header::key).containsExactly("trace-id");
        }
    }
}

package dev.flywheel.features.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flywheel.platform.s3.EmbeddedS3;
import dev.flywheel.schemas.events.DataAvailable;
import dev.flywheel.topology.topics.Topic;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sink on the real broker, registry and S3 server: a sink that dies after putting objects but before committing
 * them is replaced, the records are read again, the orphan objects are overwritten under the same names, and the
 * offline tier holds every record exactly once, with one DataAvailable event per committed object.
 */
class OfflineSinkIT {

    private static final long DAY1 = Instant.parse("2026-01-01T22:00:00Z").toEpochMilli();
    private static OfflineItSupport it;
    private static EmbeddedS3 s3;

    @BeforeAll
    static void start() {
        it = new OfflineItSupport();
        s3 = EmbeddedS3.builder().port(0).build();
        s3.start();
    }

    @AfterAll
    static void stop() {
        try {
            it.close();
        } finally {
            s3.stop();
        }
    }

    @Test
    void shouldHoldEveryRecordExactlyOnceAfterACrashBetweenPutAndCommit() throws Exception {
        // given: 600 rows over two partitions and two event dates
        String name = "features.card_spend-" + it.run;
        Topic<String, GenericRecord> topic = it.featuresTopic(name, 2);
        Topic<String, DataAvailable> events = it.dataAvailableTopic();
        int total = 600;
        try (KafkaProducer<String, GenericRecord> producer = it.producer()) {
            for (int i = 0; i < total; i++) {
                String card = "c-" + (i % 7);
                producer.send(new ProducerRecord<>(name, card, OfflineItSupport.row(card, DAY1 + i * 30_000L, i)));
            }
            producer.flush();
        }
        OfflineTarget target = new OfflineTarget(OfflineTarget.Kind.FEATURES, "card_spend", Optional.of("event_timestamp"));
        OfflineSinkSettings settings = new OfflineSinkSettings("offline-it-" + it.run, "offline-it-" + it.run, 100,
                1L << 30, Duration.ofSeconds(1), 150, Duration.ofMillis(200), Duration.ofMillis(200));
        String prefix = OfflinePaths.targetPrefix("offline", OfflineTarget.Kind.FEATURES, "card_spend");

        try (OfflineStore store = OfflineStore.open(OfflineItSupport.storeConfig(s3))) {
            // when: the first sink crashes on its third batch, after the PUTs, before the commit
            AtomicInteger flushes = new AtomicInteger();
            AtomicReference<List<CommittedFile>> orphans = new AtomicReference<>();
            try (OfflineSink<String> crashing = sink(topic, events, store, settings)) {
                crashing.beforeCommit(files -> {
                    if (flushes.incrementAndGet() == 3) {
                        orphans.set(files);
                        throw new IllegalStateException("simulated crash after the PUT");
                    }
                });
                crashing.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> crashing.state() == OfflineSink.State.FAILED);
            }
            assertThat(orphans.get()).isNotEmpty();
            long committedBefore = it.committed(settings.groupId(), name);
            assertThat(committedBefore).isLessThan(total);
            List<String> orphanKeys = orphans.get().stream().map(CommittedFile::key).collect(Collectors.toList());
            assertThat(store.list(prefix).stream().map(StoredObject::key)).containsAll(orphanKeys);

            // and a new sink takes over from the committed offsets
            try (OfflineSink<String> replacement = sink(topic, events, store, settings)) {
                replacement.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> it.committed(settings.groupId(), name) == total);
                assertThat(replacement.state()).isEqualTo(OfflineSink.State.RUNNING);
            }

            // then: every row exactly once, in objects under view=/date= partitions
            List<GenericRecord> rows = OfflineItSupport.rowsUnder(store, prefix);
            assertThat(rows.stream().map(r -> (Long) r.get("seq")).sorted().collect(Collectors.toList()))
                    .isEqualTo(java.util.stream.LongStream.range(0, total).boxed().collect(Collectors.toList()));
            assertThat(store.list(prefix)).allSatisfy(o -> assertThat(o.key()).matches(
                    "offline/view=card_spend/date=2026-01-0[12]/" + java.util.regex.Pattern.quote(name)
                            + "\\+[01]\\+\\d{20}\\.parquet"));
            assertThat(store.list(prefix).stream().map(StoredObject::key)).containsAll(orphanKeys);

            // and one committed DataAvailable event per object, with the rows and offsets of the object
            List<DataAvailable> committed = it.events(events);
            assertThat(committed.stream().mapToLong(DataAvailable::getRowCount).sum()).isEqualTo(total);
            assertThat(committed.stream().map(DataAvailable::getUri).distinct().count())
                    .isEqualTo(store.list(prefix).size());
            DataAvailable first = committed.get(0);
            assertThat(first.getView()).isEqualTo("card_spend");
            assertThat(first.getKind()).isEqualTo("FEATURES");
            assertThat(first.getOffsets()).hasSize(1);
            assertThat(first.getMinEventTime()).isBeforeOrEqualTo(first.getMaxEventTime());
        }
    }

    private static OfflineSink<String> sink(Topic<String, GenericRecord> topic, Topic<String, DataAvailable> events,
                                            OfflineStore store, OfflineSinkSettings settings) {
        return new OfflineSink<>(new OfflineTarget(OfflineTarget.Kind.FEATURES, "card_spend", Optional.of("event_timestamp")),
                topic, events, OfflineItSupport.kafka(), store, settings, new SimpleMeterRegistry(), Clock.systemUTC());
    }
}

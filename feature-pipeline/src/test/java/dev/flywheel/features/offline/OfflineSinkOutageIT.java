package dev.flywheel.features.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flywheel.platform.s3.EmbeddedS3;
import dev.flywheel.schemas.events.DataAvailable;
import dev.flywheel.topology.topics.Topic;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The S3 server is stopped while records flow and started again on the same port and folder: the sink retries,
 * reads the failed batches again, and afterwards every record is in the offline tier exactly once.
 */
class OfflineSinkOutageIT {

    private static final long T0 = Instant.parse("2026-02-01T00:00:00Z").toEpochMilli();
    private static OfflineItSupport it;

    @BeforeAll
    static void start() {
        it = new OfflineItSupport();
    }

    @AfterAll
    static void stop() {
        it.close();
    }

    @Test
    void shouldWriteEveryRecordExactlyOnceAcrossAnS3Outage() throws Exception {
        // given
        Path data = Files.createTempDirectory("offline-outage-s3");
        EmbeddedS3 s3 = EmbeddedS3.builder().port(0).dataDir(data).build();
        s3.start();
        int port = s3.port();
        String name = "features.outage-" + it.run;
        Topic<String, GenericRecord> topic = it.featuresTopic(name, 2);
        Topic<String, DataAvailable> events = it.dataAvailableTopic();
        OfflineSinkSettings settings = new OfflineSinkSettings("offline-outage-" + it.run, "offline-outage-" + it.run,
                50, 1L << 30, Duration.ofMillis(300), 100, Duration.ofMillis(100), Duration.ofMillis(300));
        OfflineStoreConfig config = OfflineItSupport.storeConfig(s3);
        int total = 900;
        try (OfflineStore store = OfflineStore.open(config);
             KafkaProducer<String, GenericRecord> producer = it.producer();
             OfflineSink<String> sink = new OfflineSink<>(
                     new OfflineTarget(OfflineTarget.Kind.FEATURES, "outage", Optional.of("event_timestamp")), topic,
                     events, OfflineItSupport.kafka(), store, settings, new SimpleMeterRegistry(), Clock.systemUTC())) {
            sink.start();

            // when: records flow in three waves; S3 is down during the second
            send(producer, name, 0, 300);
            await().atMost(Duration.ofSeconds(60)).until(() -> it.committed(settings.groupId(), name) >= 150);
            s3.stop();
            send(producer, name, 300, 600);
            Thread.sleep(3_000); // the sink retries and rewinds while S3 is away
            long committedDuringOutage = it.committed(settings.groupId(), name);
            s3 = EmbeddedS3.builder().port(port).dataDir(data).build();
            s3.start();
            send(producer, name, 600, total);
            await().atMost(Duration.ofSeconds(90)).until(() -> it.committed(settings.groupId(), name) == total);

            // then
            assertThat(committedDuringOutage).isLessThanOrEqualTo(600);
            assertThat(sink.state()).isEqualTo(OfflineSink.State.RUNNING);
            String prefix = OfflinePaths.targetPrefix("offline", OfflineTarget.Kind.FEATURES, "outage");
            List<Long> seqs = OfflineItSupport.rowsUnder(store, prefix).stream().map(r -> (Long) r.get("seq")).sorted()
                    .collect(Collectors.toList());
            assertThat(seqs).isEqualTo(LongStream.range(0, total).boxed().collect(Collectors.toList()));
            assertThat(it.events(events).stream().mapToLong(DataAvailable::getRowCount).sum()).isEqualTo(total);
        } finally {
            s3.stop();
        }
    }

    private static void send(KafkaProducer<String, GenericRecord> producer, String name, int from, int to) {
        for (int i = from; i < to; i++) {
            String card = "c-" + (i % 11);
            producer.send(new ProducerRecord<>(name, card, OfflineItSupport.row(card, T0 + i * 1_000L, i)));
        }
        producer.flush();
    }
}

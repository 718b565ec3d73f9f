package dev.flywheel.features.offline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.platform.s3.EmbeddedS3;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store times every S3 call on the real (embedded) S3 server, by operation and outcome. */
class OfflineStoreLatencyIT {

    private static EmbeddedS3 s3;

    @BeforeAll
    static void start() {
        s3 = EmbeddedS3.builder().port(0).build();
        s3.start();
    }

    @AfterAll
    static void stop() {
        s3.stop();
    }

    @Test
    void shouldTimePutGetAndListCallsByOperation() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (OfflineStore store = OfflineStore.open(OfflineItSupport.storeConfig(s3), meters)) {
            store.put("latency/a.txt", "a".getBytes(StandardCharsets.UTF_8), "text/plain");
            store.put("latency/b.txt", "b".getBytes(StandardCharsets.UTF_8), "text/plain");
            assertThat(store.read("latency/a.txt")).isPresent();
            assertThat(store.list("latency/")).hasSize(2);
        }

        assertThat(meters.get(OfflineStore.LATENCY).tags("operation", "put", "outcome", "ok").timer().count())
                .isEqualTo(2);
        assertThat(meters.get(OfflineStore.LATENCY).tags("operation", "get", "outcome", "ok").timer().count())
                .isEqualTo(1);
        assertThat(meters.get(OfflineStore.LATENCY).tags("operation", "list").timer().count()).isEqualTo(1);
        assertThat(meters.find(OfflineStore.LATENCY).tag("outcome", "error").timer()).isNull();
    }
}

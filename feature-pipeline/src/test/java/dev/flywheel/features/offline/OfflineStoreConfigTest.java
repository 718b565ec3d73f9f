package dev.flywheel.features.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OfflineStoreConfigTest {

    @Test
    void shouldBuildWithDefaultsAndHideTheSecret() {
        OfflineStoreConfig config = OfflineStoreConfig.builder("flywheel").endpoint(URI.create("http://127.0.0.1:9000"))
                .credentials("flywheel", "flywheel-secret").pathStyle(true).build();
        assertThat(config.prefix()).isEqualTo("offline");
        assertThat(config.maxAttempts()).isEqualTo(5);
        assertThat(config.uri("a/b")).isEqualTo("s3://flywheel/a/b");
        assertThat(config.toString()).doesNotContain("flywheel-secret").contains("[hidden]");
    }

    @Test
    void shouldRejectAnInvalidBucket() {
        assertThatThrownBy(() -> OfflineStoreConfig.builder("Bad_Bucket").build()).hasMessageContaining("s3.bucket");
    }

    @Test
    void shouldRejectAnEndpointWithoutScheme() {
        assertThatThrownBy(() -> OfflineStoreConfig.builder("flywheel").endpoint(URI.create("ftp://127.0.0.1:9000")).build())
                .hasMessageContaining("s3.endpoint");
    }

    @Test
    void shouldRejectABlankRegion() {
        assertThatThrownBy(() -> OfflineStoreConfig.builder("flywheel").region(" ").build()).hasMessageContaining("s3.region");
    }

    @Test
    void shouldRejectAPrefixWithSlashes() {
        assertThatThrownBy(() -> OfflineStoreConfig.builder("flywheel").prefix("/offline/").build())
                .hasMessageContaining("offline prefix");
        assertThatThrownBy(() -> OfflineStoreConfig.builder("flywheel").datasetsPrefix("").build())
                .hasMessageContaining("datasets prefix");
    }

    @Test
    void shouldRejectAnAccessKeyWithoutSecret() {
        assertThatThrownBy(() -> OfflineStoreConfig.builder("flywheel").credentials("key", "").build())
                .hasMessageContaining("s3.secret.key");
    }

    @Test
    void shouldRejectInvalidRetriesAndTimeouts() {
        assertThatThrownBy(() -> OfflineStoreConfig.builder("flywheel").retries(0, Duration.ZERO, Duration.ZERO).build())
                .hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> OfflineStoreConfig.builder("flywheel")
                .retries(3, Duration.ofSeconds(2), Duration.ofSeconds(1)).build()).hasMessageContaining("maxBackoff");
        assertThatThrownBy(() -> OfflineStoreConfig.builder("flywheel").callTimeout(Duration.ZERO).build())
                .hasMessageContaining("callTimeout");
    }
}

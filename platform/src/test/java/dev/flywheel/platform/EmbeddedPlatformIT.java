package dev.flywheel.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.platform.EmbeddedPlatform.Service;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;

class EmbeddedPlatformIT {

    @TempDir
    Path tmp;

    @Test
    void shouldStartEveryServiceOnFreePortsAndLeaveEveryPortFreeAfterStop() throws Exception {
        EmbeddedPlatform platform = EmbeddedPlatform.builder().freePorts().build();

        // when
        Endpoints endpoints = platform.start();

        // then every endpoint answers
        List<Integer> ports = new ArrayList<>();
        try {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    endpoints.bootstrapServers()))) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
            }
            ports.add(portOf("kafka://" + endpoints.bootstrapServers()));

            HttpResponse<String> subjects = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(endpoints.registryUrl() + "/subjects"))
                            .timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(subjects.statusCode()).isEqualTo(200);
            assertThat(subjects.body()).isEqualTo("[]");
            ports.add(portOf(endpoints.registryUrl()));

            try (Jedis jedis = new Jedis(URI.create(endpoints.redisUrl()))) {
                assertThat(jedis.ping()).isEqualTo("PONG");
            }
            ports.add(portOf(endpoints.redisUrl()));

            try (S3Client s3 = s3Client(endpoints)) {
                assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).contains(endpoints.bucket());
            }
            ports.add(portOf(endpoints.s3Endpoint()));
            assertThat(platform.services()).extracting(EmbeddedService::name)
                    .containsExactly("kafka", "schema-registry", "redis", "s3");
        } finally {
            platform.stop();
        }

        // and stopping leaves every port free
        assertThat(platform.isRunning()).isFalse();
        assertThat(platform.services()).isEmpty();
        for (int port : ports) {
            assertThatCode(() -> Ports.requireFree("test", "127.0.0.1", port)).doesNotThrowAnyException();
        }
        assertThat(redisChildren()).isEmpty();
    }

    @Test
    void shouldStopStartedServicesWhenLaterServiceFails() throws Exception {
        int kafkaPort = Ports.freePort("127.0.0.1");
        int redisPort = Ports.freePort("127.0.0.1");
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            EmbeddedPlatform platform = EmbeddedPlatform.builder()
                    .kafkaPort(kafkaPort).registryPort(0).redisPort(redisPort).s3Port(taken.getLocalPort())
                    .build();

            // when S3, the last to start, finds its port taken
            assertThatThrownBy(platform::start)
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("S3 server")
                    .hasMessageContaining("port " + taken.getLocalPort());

            // then Kafka, the registry and Redis were stopped again
            assertThat(platform.isRunning()).isFalse();
            assertThat(platform.services()).isEmpty();
            assertThatCode(() -> Ports.requireFree("Kafka", "127.0.0.1", kafkaPort)).doesNotThrowAnyException();
            assertThatCode(() -> Ports.requireFree("Redis", "127.0.0.1", redisPort)).doesNotThrowAnyException();
            assertThat(redisChildren()).isEmpty();
        }
    }

    @Test
    void shouldStartOnlyTheServicesAskedForAndKeepDataInOneFolderPerService() {
        Path root = tmp.resolve("flywheel-data");
        EmbeddedPlatform platform = EmbeddedPlatform.builder()
                .freePorts()
                .dataRoot(root)
                .skip(Service.KAFKA, Service.REGISTRY)
                .redisPassword("pw")
                .s3Credentials("ak", "top-secret-sk")
                .buckets("features", "models")
                .build();

        Endpoints endpoints = platform.start();
        try {
            assertThat(endpoints.bootstrapServers()).isNull();
            assertThat(endpoints.registryUrl()).isNull();
            assertThat(endpoints.redisUrl()).contains(":pw@");
            assertThat(endpoints.bucket()).isEqualTo("features");
            assertThat(endpoints.s3AccessKey()).isEqualTo("ak");
            assertThat(endpoints.toString()).doesNotContain("pw@").doesNotContain("top-secret-sk").contains("****");
            try (Jedis jedis = new Jedis(URI.create(endpoints.redisUrl()))) {
                jedis.set("k", "v");
            }
            assertThat(root.resolve("redis")).isDirectory();
            assertThat(root.resolve("s3")).isDirectory();
            assertThat(root.resolve("kafka")).doesNotExist();
        } finally {
            platform.close();
        }
        assertThat(root.resolve("redis")).isDirectory(); // persistent: kept after stop
    }

    @Test
    void shouldRefuseRegistryWithoutAnyKafka() {
        assertThatThrownBy(() -> EmbeddedPlatform.builder().skip(Service.KAFKA).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("externalBootstrapServers");
    }

    private static int portOf(String url) {
        return URI.create(url).getPort();
    }

    private static List<ProcessHandle> redisChildren() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.contains("redis-server")).orElse(false))
                .toList();
    }

    private static S3Client s3Client(Endpoints endpoints) {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoints.s3Endpoint()))
                .forcePathStyle(true)
                .region(Region.of(endpoints.s3Region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(endpoints.s3AccessKey(), endpoints.s3SecretKey())))
                .build();
    }
}

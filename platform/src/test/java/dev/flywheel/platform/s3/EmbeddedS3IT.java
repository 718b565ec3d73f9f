package dev.flywheel.platform.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.platform.PortInUseException;
import dev.flywheel.platform.Ports;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

class EmbeddedS3IT {

    /** Shared by the tests that neither stop nor restart it. */
    private static EmbeddedS3 shared;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startShared() {
        shared = EmbeddedS3.builder().port(0).buckets("flywheel", "models").build();
        shared.start();
    }

    @AfterAll
    static void stopShared() {
        shared.stop();
    }

    @Test
    void shouldPutGetListAndDeleteObjectsWithPathStyleAndConfiguredCredentials() {
        try (S3Client s3 = client(shared, shared.accessKey(), shared.secretKey())) {
            assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).contains("flywheel", "models");

            s3.putObject(b -> b.bucket("flywheel").key("datasets/d1/part-0.parquet"),
                    RequestBody.fromString("rows"));
            s3.putObject(b -> b.bucket("flywheel").key("datasets/d1/part-1.parquet"),
                    RequestBody.fromString("more rows"));

            assertThat(s3.getObjectAsBytes(b -> b.bucket("flywheel").key("datasets/d1/part-0.parquet"))
                    .asUtf8String()).isEqualTo("rows");
            assertThat(s3.listObjectsV2(b -> b.bucket("flywheel").prefix("datasets/d1/")).contents())
                    .extracting(S3Object::key)
                    .containsExactly("datasets/d1/part-0.parquet", "datasets/d1/part-1.parquet");

            s3.deleteObject(b -> b.bucket("flywheel").key("datasets/d1/part-0.parquet"));
            assertThatThrownBy(() -> s3.getObject(b -> b.bucket("flywheel").key("datasets/d1/part-0.parquet")))
                    .isInstanceOf(NoSuchKeyException.class);
            assertThat(s3.listObjectsV2(b -> b.bucket("flywheel").prefix("datasets/d1/")).contents())
                    .extracting(S3Object::key)
                    .containsExactly("datasets/d1/part-1.parquet");
        }
    }

    @Test
    void shouldRefuseWrongCredentials() {
        try (S3Client wrongSecret = client(shared, shared.accessKey(), "not-the-secret");
                S3Client unknownKey = client(shared, "intruder", shared.secretKey())) {
            assertThatThrownBy(() -> wrongSecret.listObjectsV2(b -> b.bucket("flywheel")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
            assertThatThrownBy(() -> unknownKey.putObject(b -> b.bucket("flywheel").key("x"),
                    RequestBody.fromString("x")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
    }

    @Test
    void shouldKeepObjectsAcrossRestartWithPersistentDirectory() {
        Path dir = tmp.resolve("s3");
        EmbeddedS3 s3Server = EmbeddedS3.builder().port(0).dataDir(dir).credentials("key", "secret").build();
        s3Server.start();
        int firstPort = s3Server.port();
        try (S3Client s3 = client(s3Server, "key", "secret")) {
            s3.putObject(b -> b.bucket("flywheel").key("models/fraud/v1/model.bin"), RequestBody.fromString("w"));
        }
        s3Server.stop();
        assertThat(s3Server.isRunning()).isFalse();
        assertThatCode(() -> Ports.requireFree("S3", "127.0.0.1", firstPort)).doesNotThrowAnyException();

        s3Server.start(); // same JVM, same directory
        try (S3Client s3 = client(s3Server, "key", "secret")) {
            assertThat(s3.getObjectAsBytes(b -> b.bucket("flywheel").key("models/fraud/v1/model.bin"))
                    .asUtf8String()).isEqualTo("w");
        } finally {
            s3Server.stop();
        }
        assertThat(dir).exists();
    }

    @Test
    void shouldDeleteFreshDirectoryOnStop() {
        EmbeddedS3 s3Server = EmbeddedS3.builder().port(0).build();
        s3Server.start();
        Path dir = s3Server.dataDirectory();
        assertThat(dir).exists();
        s3Server.stop();
        assertThat(dir).doesNotExist();
    }

    @Test
    void shouldFailWithClearErrorWhenPortIsInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            EmbeddedS3 s3Server = EmbeddedS3.builder().port(taken.getLocalPort()).build();

            assertThatThrownBy(s3Server::start)
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("S3 server")
                    .hasMessageContaining("port " + taken.getLocalPort())
                    .hasMessageContaining("already in use");
            assertThat(s3Server.isRunning()).isFalse();
        }
    }

    @Test
    void shouldRejectInvalidBucketNames() {
        assertThatThrownBy(() -> EmbeddedS3.builder().buckets("Not_Valid"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Not_Valid");
    }

    static S3Client client(EmbeddedS3 server, String accessKey, String secretKey) {
        return S3Client.builder()
                .endpointOverride(URI.create(server.endpoint()))
                .forcePathStyle(true) // the embedded server serves path-style only
                .region(Region.of(server.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .build();
    }
}

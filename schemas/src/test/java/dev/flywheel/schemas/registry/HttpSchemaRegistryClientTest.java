package dev.flywheel.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.schemas.registry.FakeRegistryServer.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpSchemaRegistryClientTest {

    private static final Schema ORDER = SchemaBuilder.record("Order").namespace("test").fields()
            .requiredString("id").requiredDouble("amount").endRecord();
    private static final String ORDER_JSON = ORDER.toString().replace("\"", "\\\"");
    private static final RetryPolicy FAST_RETRY = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5));

    private FakeRegistryServer server;
    private HttpSchemaRegistryClient client;

    @BeforeEach
    void startServer() throws IOException {
        server = new FakeRegistryServer();
        client = new HttpSchemaRegistryClient(RegistryClientConfig.of(server.url()).withRetry(FAST_RETRY));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void shouldRetryOn503ThenSucceed() {
        server.on("POST /subjects/orders-value/versions",
                Response.of(503, "{\"error_code\":50301,\"message\":\"busy\"}"),
                Response.of(503, "{\"error_code\":50301,\"message\":\"busy\"}"),
                Response.of(200, "{\"id\":7}"));

        int id = client.register("orders-value", ORDER);

        assertThat(id).isEqualTo(7);
        assertThat(server.count("POST /subjects/orders-value/versions")).isEqualTo(3);
    }

    @Test
    void shouldRetryOn429() {
        server.on("GET /schemas/ids/3", Response.of(429, "{\"error_code\":42901,\"message\":\"slow down\"}"),
                Response.of(200, "{\"schema\":\"" + ORDER_JSON + "\"}"));

        assertThat(client.getSchemaById(3)).isEqualTo(ORDER);
        assertThat(server.count("GET /schemas/ids/3")).isEqualTo(2);
    }

    @Test
    void shouldGiveUpAfterMaxRetriesWithRetriableError() {
        server.on("GET /subjects", 500, "{\"error_code\":50001,\"message\":\"store down\"}");

        assertThatThrownBy(() -> client.getAllSubjects())
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(500);
                    assertThat(e.errorCode()).isEqualTo(50001);
                    assertThat(e.isRetriable()).isTrue();
                })
                .hasMessageContaining("store down");
        assertThat(server.count("GET /subjects")).isEqualTo(1 + FAST_RETRY.maxRetries());
    }

    @Test
    void shouldNotRetryOn404AndCarryStatusCodeAndMessage() {
        server.on("GET /subjects/missing/versions", 404, "{\"error_code\":40401,\"message\":\"Subject 'missing' not found.\"}");

        assertThatThrownBy(() -> client.getVersions("missing"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(40401);
                    assertThat(e.knownErrorCode()).contains(RegistryErrorCode.SUBJECT_NOT_FOUND);
                    assertThat(e.isNotFound()).isTrue();
                    assertThat(e.isRetriable()).isFalse();
                })
                .hasMessageContaining("Subject 'missing' not found.")
                .hasMessageContaining(server.url());
        assertThat(server.count("GET /subjects/missing/versions")).isEqualTo(1);
    }

    @Test
    void shouldNotRetryOn422AndMapInvalidSchema() {
        server.on("POST /subjects/s/versions", 422, "{\"error_code\":42201,\"message\":\"Invalid schema\"}");

        assertThatThrownBy(() -> client.register("s", "{not avro"))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.is(RegistryErrorCode.INVALID_SCHEMA)).isTrue());
        assertThat(server.count("POST /subjects/s/versions")).isEqualTo(1);
    }

    @Test
    void shouldTreat409WithErrorCode409AsIncompatible() {
        server.on("POST /subjects/s/versions", 409, "{\"error_code\":409,\"message\":\"incompatible (old server)\"}");

        assertThatThrownBy(() -> client.register("s", ORDER))
                .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                })
                .hasMessageContaining("incompatible (old server)");
        assertThat(server.count("POST /subjects/s/versions")).isEqualTo(1);
    }

    @Test
    void shouldTreat409WithErrorCode40901AsIncompatible() {
        server.on("POST /subjects/s/versions", 409, "{\"error_code\":40901,\"message\":\"incompatible (new server)\"}");

        assertThatThrownBy(() -> client.register("s", ORDER))
                .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> assertThat(e.errorCode()).isEqualTo(40901));
    }

    @Test
    void shouldTreat409WithoutBodyAsIncompatible() {
        server.on("POST /subjects/s/versions", 409, "");

        assertThatThrownBy(() -> client.register("s", ORDER)).isInstanceOf(IncompatibleSchemaException.class);
    }

    @Test
    void shouldReadMissingSchemaTypeAsAvro() {
        server.on("GET /subjects/s/versions/1", 200,
                "{\"subject\":\"s\",\"version\":1,\"id\":4,\"schema\":\"" + ORDER_JSON + "\"}");
        server.on("GET /schemas/ids/4", 200, "{\"schema\":\"" + ORDER_JSON + "\"}");

        SchemaMetadata version = client.getVersion("s", 1);

        assertThat(version.schemaType()).isEqualTo("AVRO");
        assertThat(version.avroSchema()).isEqualTo(ORDER);
        assertThat(client.getSchemaById(4)).isEqualTo(ORDER);
    }

    @Test
    void shouldRefuseNonAvroSchemaById() {
        server.on("GET /schemas/ids/5", 200, "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}");

        assertThatThrownBy(() -> client.getSchemaById(5)).hasMessageContaining("PROTOBUF, not AVRO");
    }

    @Test
    void shouldAnswerRepeatedRegistrationFromCache() {
        server.on("POST /subjects/s/versions", 200, "{\"id\":11}");

        assertThat(client.register("s", ORDER)).isEqualTo(11);
        assertThat(client.register("s", new Schema.Parser().parse(ORDER.toString()))).isEqualTo(11);

        assertThat(server.count("POST /subjects/s/versions")).isEqualTo(1);
    }

    @Test
    void shouldCacheIdsBothWaysSoRegisteredSchemaNeedsNoFetchById() {
        server.on("POST /subjects/s/versions", 200, "{\"id\":12}");

        client.register("s", ORDER);

        assertThat(client.getSchemaById(12)).isEqualTo(ORDER);
        assertThat(client.getId("s", ORDER)).isEqualTo(12);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void shouldAnswerRepeatedFetchByIdFromCache() {
        server.on("GET /schemas/ids/9", 200, "{\"schema\":\"" + ORDER_JSON + "\"}");

        client.getSchemaById(9);
        client.getSchemaById(9);

        assertThat(server.count("GET /schemas/ids/9")).isEqualTo(1);
    }

    @Test
    void shouldCacheLookupResults() {
        server.on("POST /subjects/s", 200, "{\"subject\":\"s\",\"version\":2,\"id\":8,\"schema\":\"" + ORDER_JSON + "\"}");

        SchemaMetadata first = client.lookup("s", ORDER);
        SchemaMetadata second = client.lookup("s", ORDER);

        assertThat(first).isEqualTo(second);
        assertThat(first.version()).isEqualTo(2);
        assertThat(first.id()).isEqualTo(8);
        assertThat(server.count("POST /subjects/s")).isEqualTo(1);
    }

    @Test
    void shouldCacheLatestForItsTtlOnly() {
        String latest = "{\"subject\":\"s\",\"version\":3,\"id\":5,\"schema\":\"" + ORDER_JSON + "\"}";
        server.on("GET /subjects/s/versions/latest", 200, latest);
        HttpSchemaRegistryClient uncached = new HttpSchemaRegistryClient(RegistryClientConfig.of(server.url())
                .withLatestCacheTtl(Duration.ZERO));

        client.getLatest("s");
        client.getLatest("s");
        assertThat(server.count("GET /subjects/s/versions/latest")).isEqualTo(1);

        uncached.getLatest("s");
        uncached.getLatest("s");
        assertThat(server.count("GET /subjects/s/versions/latest")).isEqualTo(3);
    }

    @Test
    void shouldForgetCachedIdsOfDeletedSubject() {
        server.on("POST /subjects/s/versions", 200, "{\"id\":11}");
        server.on("DELETE /subjects/s", 200, "[1]");

        client.register("s", ORDER);
        assertThat(client.deleteSubject("s", false)).containsExactly(1);
        client.register("s", ORDER);

        assertThat(server.count("POST /subjects/s/versions")).isEqualTo(2);
    }

    @Test
    void shouldSendMediaTypeAndSchemaWithoutSchemaType() {
        server.on("POST /subjects/s/versions", 200, "{\"id\":1}");

        client.register("s", ORDER);

        FakeRegistryServer.Request request = server.requests().get(0);
        assertThat(request.header("Content-Type")).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(request.header("Accept")).startsWith("application/vnd.schemaregistry.v1+json");
        assertThat(request.body()).isEqualTo("{\"schema\":\"" + ORDER_JSON + "\"}");
    }

    @Test
    void shouldSendBasicAuthFromConfigOrUrl() {
        server.on("GET /subjects", 200, "[]");
        String withCredentials = server.url().replace("http://", "http://alice:s3cret@");

        new HttpSchemaRegistryClient(RegistryClientConfig.of(server.url()).withBasicAuth("bob", "pw")).getAllSubjects();
        new HttpSchemaRegistryClient(withCredentials).getAllSubjects();

        assertThat(server.requests()).extracting(r -> r.header("Authorization"))
                .containsExactly("Basic Ym9iOnB3", "Basic YWxpY2U6czNjcmV0");
    }

    @Test
    void shouldPercentEncodeSubjects() {
        server.on("GET /subjects/a%2Fb%20c/versions", 200, "[1,2]");

        assertThat(client.getVersions("a/b c")).containsExactly(1, 2);
    }

    @Test
    void shouldRetryOnTimeoutThenSucceed() {
        server.on("GET /subjects", new Response(200, "[\"slow\"]", Duration.ofSeconds(2)), Response.of(200, "[\"fast\"]"));
        HttpSchemaRegistryClient impatient = new HttpSchemaRegistryClient(RegistryClientConfig.of(server.url())
                .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(200)).withRetry(FAST_RETRY));

        assertThat(impatient.getAllSubjects()).containsExactly("fast");
    }

    @Test
    void shouldFailOverToNextUrlWhenOneIsDown() throws IOException {
        server.on("GET /subjects", 200, "[\"a\"]");
        int deadPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        HttpSchemaRegistryClient failover = new HttpSchemaRegistryClient(RegistryClientConfig
                .of("http://127.0.0.1:" + deadPort + "," + server.url()).withRetry(FAST_RETRY));

        assertThat(failover.getAllSubjects()).containsExactly("a");
    }

    @Test
    void shouldReportNoResponseWhenRegistryUnreachable() throws IOException {
        int deadPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        HttpSchemaRegistryClient unreachable = new HttpSchemaRegistryClient(RegistryClientConfig
                .of("http://127.0.0.1:" + deadPort).withRetry(new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1))));

        assertThatThrownBy(unreachable::getAllSubjects)
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(SchemaRegistryException.NO_RESPONSE);
                    assertThat(e.isRetriable()).isTrue();
                })
                .hasMessageContaining("127.0.0.1:" + deadPort);
    }

    @Test
    void shouldUseNonJsonErrorBodyAsMessage() {
        server.on("GET /subjects", 400, "<html>Bad gateway config</html>");

        assertThatThrownBy(() -> client.getAllSubjects())
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(400))
                .hasMessageContaining("<html>Bad gateway config</html>");
    }

    @Test
    void shouldCallConfigModeCompatibilityAndDeleteEndpoints() {
        server.on("GET /config", 200, "{\"compatibilityLevel\":\"BACKWARD\"}");
        server.on("PUT /config", 200, "{\"compatibility\":\"FULL\"}");
        server.on("GET /config/s", 200, "{\"compatibilityLevel\":\"FORWARD_TRANSITIVE\"}");
        server.on("PUT /config/s", 200, "{\"compatibility\":\"NONE\"}");
        server.on("DELETE /config/s", 200, "{\"compatibilityLevel\":\"NONE\"}");
        server.on("GET /mode", 200, "{\"mode\":\"READWRITE\"}");
        server.on("PUT /mode/s", 200, "{\"mode\":\"READONLY\"}");
        server.on("POST /compatibility/subjects/s/versions/latest", 200, "{\"is_compatible\":true}");
        server.on("DELETE /subjects/s/versions/2?permanent=true", 200, "2");
        server.on("DELETE /subjects/s?permanent=true", 200, "[1,2]");
        server.on("GET /subjects?deleted=true", 200, "[\"s\",\"t\"]");

        assertThat(client.getGlobalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
        client.setGlobalCompatibility(CompatibilityLevel.FULL);
        assertThat(client.getCompatibility("s")).isEqualTo(CompatibilityLevel.FORWARD_TRANSITIVE);
        client.setCompatibility("s", CompatibilityLevel.NONE);
        client.deleteCompatibility("s");
        assertThat(client.getMode()).isEqualTo(RegistryMode.READWRITE);
        client.setMode("s", RegistryMode.READONLY);
        assertThat(client.testCompatibility("s", ORDER)).isTrue();
        assertThat(client.deleteVersion("s", 2, true)).isEqualTo(2);
        assertThat(client.deleteSubject("s", true)).containsExactly(1, 2);
        assertThat(client.getAllSubjects(true)).containsExactly("s", "t");

        assertThat(server.requests()).filteredOn(r -> r.method().equals("PUT"))
                .extracting(FakeRegistryServer.Request::body)
                .containsExactly("{\"compatibility\":\"FULL\"}", "{\"compatibility\":\"NONE\"}", "{\"mode\":\"READONLY\"}");
    }

    @Test
    void shouldMap40408WhenSubjectHasNoOwnCompatibility() {
        server.on("GET /config/s", 404, "{\"error_code\":40408,\"message\":\"Subject 's' does not have subject-level compatibility configured\"}");

        assertThatThrownBy(() -> client.getCompatibility("s"))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.knownErrorCode()).contains(RegistryErrorCode.SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED));
    }

    @Test
    void shouldDescribeAllUrls() {
        assertThat(new HttpSchemaRegistryClient("http://a:8081, http://b:8081").describe())
                .isEqualTo(List.of("http://a:8081", "http://b:8081").toString());
    }
}

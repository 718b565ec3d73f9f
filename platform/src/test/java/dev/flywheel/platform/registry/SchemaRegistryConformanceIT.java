package dev.flywheel.platform.registry;

import static dev.flywheel.platform.registry.RegistryHttpClient.VND;
import static dev.flywheel.platform.registry.RegistryHttpClient.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.platform.registry.RegistryHttpClient.Response;
import dev.flywheel.platform.testing.KafkaFixture;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registry against Confluent's REST contract, over HTTP, on the shared in-process broker. One
 * server for the class, on a topic of its own; every test uses subjects of its own.
 */
class SchemaRegistryConformanceIT {

    private static final String A = record("{\"name\":\"a\",\"type\":\"int\"}");
    private static final String A_B_DEFAULT = record(
            "{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"string\",\"default\":\"x\"}");
    private static final String A_B = record("{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"string\"}");
    private static final String A_B_C = record("{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"string\"},"
            + "{\"name\":\"c\",\"type\":\"int\"}");
    private static final String A_B_DEFAULT_C = record("{\"name\":\"a\",\"type\":\"int\"},"
            + "{\"name\":\"b\",\"type\":\"string\",\"default\":\"x\"},{\"name\":\"c\",\"type\":\"long\",\"default\":0}");
    private static final String A_AS_STRING = record("{\"name\":\"a\",\"type\":\"string\"}");

    private static final AtomicInteger SUBJECTS = new AtomicInteger();

    private static SchemaRegistryServer server;
    private static RegistryHttpClient client;

    @BeforeAll
    static void startRegistry() {
        server = SchemaRegistryServer.builder()
                .bootstrapServers(KafkaFixture.bootstrapServers())
                .topic("_schemas-conformance-" + UUID.randomUUID())
                .port(0)
                .build();
        server.start();
        client = new RegistryHttpClient(server.endpoint());
    }

    @AfterAll
    static void stopRegistry() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void shouldAnswerRootWithEmptyObjectAndListAvroAsTheOnlySchemaType() {
        assertThat(client.get("/").json().isEmpty()).isTrue();
        assertThat(client.get("/schemas/types").body()).isEqualTo("[\"AVRO\"]");
    }

    @Test
    void shouldTreatMissingSchemaTypeAsAvroAndReadTheSchemaBackEveryWay() {
        String subject = subject();

        int id = client.register(subject, A);

        Response byVersion = client.get("/subjects/" + subject + "/versions/1");
        assertThat(byVersion.status()).isEqualTo(200);
        assertThat(byVersion.contentType()).startsWith(VND);
        assertThat(byVersion.json().get("subject").asText()).isEqualTo(subject);
        assertThat(byVersion.json().get("version").asInt()).isEqualTo(1);
        assertThat(byVersion.json().get("id").asInt()).isEqualTo(id);
        assertThat(byVersion.json().has("schemaType")).as("AVRO is left out, as Confluent does").isFalse();
        assertThat(byVersion.json().get("schema").asText()).isEqualTo(A);
        assertThat(client.get("/subjects/" + subject + "/versions/latest").json()).isEqualTo(byVersion.json());
        assertThat(client.get("/subjects/" + subject + "/versions/-1").json()).isEqualTo(byVersion.json());
        assertThat(client.get("/subjects/" + subject + "/versions/1/schema").body()).isEqualTo(A);
        assertThat(client.get("/schemas/ids/" + id).json().get("schema").asText()).isEqualTo(A);
        assertThat(client.get("/schemas/ids/" + id + "/schema").body()).isEqualTo(A);
        assertThat(client.get("/subjects/" + subject + "/versions").body()).isEqualTo("[1]");
        assertThat(client.get("/subjects").json()).extracting(n -> n.asText()).contains(subject);
        assertThat(client.get("/subjects/" + subject + "/versions/1/referencedby").body()).isEqualTo("[]");
        Response explicitAvro = client.post("/subjects/" + subject + "/versions", schemaBody(A, "schemaType", "AVRO"));
        assertThat(explicitAvro.json().get("id").asInt()).isEqualTo(id);
    }

    @Test
    void shouldTakeRecordNameSubjectsAndUrlEncodedSubjectNames() {
        String recordName = "com.acme.Order" + SUBJECTS.incrementAndGet();
        String spaced = "with space " + SUBJECTS.incrementAndGet();
        String encoded = URLEncoder.encode(spaced, StandardCharsets.UTF_8).replace("+", "%20");

        client.register(recordName, A);
        client.register(encoded, A);

        assertThat(client.get("/subjects").json()).extracting(n -> n.asText()).contains(recordName, spaced);
        assertThat(client.get("/subjects/" + recordName + "/versions/1").json().get("subject").asText()).isEqualTo(recordName);
        assertThat(client.get("/subjects/" + encoded + "/versions/1").json().get("subject").asText()).isEqualTo(spaced);
    }

    @Test
    void shouldGiveTheSameSchemaUnderTwoSubjectsOneId() {
        String first = subject();
        String second = subject();

        int firstId = client.register(first, A_B_C);
        int secondId = client.register(second, A_B_C);

        assertThat(secondId).isEqualTo(firstId);
        assertThat(client.get("/schemas/ids/" + firstId + "/versions").body()).isEqualTo(
                "[{\"subject\":\"" + first + "\",\"version\":1},{\"subject\":\"" + second + "\",\"version\":1}]");
        assertThat(client.get("/schemas/ids/" + firstId + "/subjects").json())
                .extracting(n -> n.asText()).containsExactly(first, second);
    }

    @Test
    void shouldReturnTheExistingIdAndVersionWhenTheSameSchemaIsRegisteredAgain() {
        String subject = subject();
        int id = client.register(subject, A);
        client.register(subject, A_B_DEFAULT);
        String sameAsAReordered = "{\"fields\": [{\"type\": \"int\", \"name\": \"a\"}], \"name\": \"R\", \"type\": \"record\"}";

        int again = client.register(subject, sameAsAReordered);

        assertThat(again).isEqualTo(id);
        assertThat(client.get("/subjects/" + subject + "/versions").body()).isEqualTo("[1,2]");
        Response lookup = client.post("/subjects/" + subject, schemaBody(sameAsAReordered));
        assertThat(lookup.status()).isEqualTo(200);
        assertThat(lookup.json().get("version").asInt()).isEqualTo(1);
        assertThat(lookup.json().get("id").asInt()).isEqualTo(id);
        assertThat(client.post("/subjects/" + subject, schemaBody(A_AS_STRING)).errorCode()).isEqualTo(40403);
    }

    @Test
    void shouldAcceptCompatibleAndRejectIncompatibleEvolutionUnderTheDefaultBackward() {
        String subject = subject();
        client.register(subject, A);

        Response incompatible = client.post("/subjects/" + subject + "/versions", schemaBody(A_B));

        assertThat(incompatible.status()).isEqualTo(409);
        assertThat(incompatible.errorCode()).isEqualTo(409);
        assertThat(incompatible.json().get("message").asText())
                .contains("incompatible", "READER_FIELD_MISSING_DEFAULT_VALUE", "version 1", "BACKWARD");
        client.register(subject, A_B_DEFAULT);
        assertThat(client.get("/subjects/" + subject + "/versions").body()).isEqualTo("[1,2]");
    }

    @Test
    void shouldEnforceBackward() {
        assertEvolution("BACKWARD", List.of(A), A_B_DEFAULT, A_B);
    }

    @Test
    void shouldEnforceForward() {
        assertEvolution("FORWARD", List.of(A_B), A_B_C, A);
    }

    @Test
    void shouldEnforceFull() {
        assertEvolution("FULL", List.of(A), A_B_DEFAULT, A_B);
    }

    @Test
    void shouldAcceptEvenAnIncompatibleSchemaUnderNone() {
        String subject = subject();
        client.setCompatibility(subject, "NONE");
        client.register(subject, A);

        client.register(subject, A_AS_STRING);
        client.register(subject, A_B);

        assertThat(client.get("/subjects/" + subject + "/versions").body()).isEqualTo("[1,2,3]");
    }

    @Test
    void shouldEnforceBackwardTransitiveAgainstEveryVersionNotOnlyTheLatest() {
        // {a, b} reads v2 {a, b="x"} but not v1 {a}: b has no default
        assertTransitiveEvolution("BACKWARD_TRANSITIVE", "BACKWARD", List.of(A, A_B_DEFAULT), A_B_DEFAULT_C, A_B);
    }

    @Test
    void shouldEnforceForwardTransitiveAgainstEveryVersionNotOnlyTheLatest() {
        // v2 {a, b="x"} reads {a} data (default for b); v1 {a, b} does not
        assertTransitiveEvolution("FORWARD_TRANSITIVE", "FORWARD", List.of(A_B, A_B_DEFAULT), A_B_DEFAULT_C, A);
    }

    @Test
    void shouldEnforceFullTransitiveAgainstEveryVersionNotOnlyTheLatest() {
        assertTransitiveEvolution("FULL_TRANSITIVE", "FULL", List.of(A, A_B_DEFAULT), A_B_DEFAULT_C, A_B);
    }

    @Test
    void shouldAnswerCompatibilityTestsWithIsCompatibleAndMessagesWhenVerbose() {
        String subject = subject();
        client.register(subject, A);

        Response compatible = client.post("/compatibility/subjects/" + subject + "/versions/latest", schemaBody(A_B_DEFAULT));
        Response incompatible = client.post("/compatibility/subjects/" + subject + "/versions/1?verbose=True", schemaBody(A_B));
        Response noSubject = client.post("/compatibility/subjects/" + subject() + "/versions/latest", schemaBody(A));

        assertThat(compatible.body()).isEqualTo("{\"is_compatible\":true}");
        assertThat(incompatible.json().get("is_compatible").asBoolean()).isFalse();
        assertThat(incompatible.json().get("messages").toString()).contains("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThat(noSubject.body()).isEqualTo("{\"is_compatible\":true}");
    }

    @Test
    void shouldLetSubjectConfigOverrideTheGlobalOne() {
        String strict = subject();
        String lenient = subject();
        try {
            client.setCompatibility(null, "NONE");
            client.setCompatibility(strict, "BACKWARD");
            client.register(strict, A);
            client.register(lenient, A);

            assertThat(client.post("/subjects/" + strict + "/versions", schemaBody(A_B)).status()).isEqualTo(409);
            client.register(lenient, A_B);
            assertThat(client.get("/config").body()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
            assertThat(client.get("/config/" + strict).body()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
            assertThat(client.get("/config/" + lenient).errorCode()).isEqualTo(40408);
            assertThat(client.get("/config/" + lenient + "?defaultToGlobal=True").body())
                    .isEqualTo("{\"compatibilityLevel\":\"NONE\"}");

            assertThat(client.delete("/config/" + strict).body()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
            client.register(strict, A_B);
            assertThat(client.delete("/config/" + strict).errorCode()).isEqualTo(40401);
        } finally {
            client.delete("/config");
        }
        assertThat(client.get("/config").body()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
    }

    @Test
    void shouldAnswerConfigUpdatesAsConfluentDoes() {
        String subject = subject();

        Response response = client.put("/config/" + subject, "{\"compatibility\":\"full_transitive\"}");

        assertThat(response.body()).isEqualTo("{\"compatibility\":\"FULL_TRANSITIVE\"}");
        assertThat(client.get("/config/" + subject).body()).isEqualTo("{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}");
    }

    @Test
    void shouldSoftDeleteThenPermanentlyDeleteASubject() {
        String subject = subject();
        int id = client.register(subject, A);
        client.register(subject, A_B_DEFAULT);

        assertThat(client.delete("/subjects/" + subject).body()).isEqualTo("[1,2]");

        assertThat(client.get("/subjects").json()).extracting(n -> n.asText()).doesNotContain(subject);
        assertThat(client.get("/subjects?deleted=true").json()).extracting(n -> n.asText()).contains(subject);
        assertThat(client.get("/subjects?deletedOnly=true").json()).extracting(n -> n.asText()).contains(subject);
        assertThat(client.get("/subjects/" + subject + "/versions").errorCode()).isEqualTo(40401);
        assertThat(client.get("/subjects/" + subject + "/versions/latest").errorCode()).isEqualTo(40401);
        assertThat(client.get("/subjects/" + subject + "/versions?deleted=true").body()).isEqualTo("[1,2]");
        assertThat(client.get("/subjects/" + subject + "/versions/1?deleted=true").status()).isEqualTo(200);
        assertThat(client.post("/subjects/" + subject + "?deleted=true", schemaBody(A)).json().get("version").asInt())
                .isEqualTo(1);
        assertThat(client.get("/schemas/ids/" + id).status()).as("ids of soft-deleted schemas resolve").isEqualTo(200);
        assertThat(client.delete("/subjects/" + subject).errorCode()).isEqualTo(40404);

        assertThat(client.delete("/subjects/" + subject + "?permanent=true").body()).isEqualTo("[1,2]");

        assertThat(client.get("/subjects?deleted=true").json()).extracting(n -> n.asText()).doesNotContain(subject);
        assertThat(client.get("/subjects/" + subject + "/versions?deleted=true").errorCode()).isEqualTo(40401);
        assertThat(client.delete("/subjects/" + subject + "?permanent=true").errorCode()).isEqualTo(40401);
    }

    @Test
    void shouldRefuseAPermanentDeleteWithoutASoftDeleteFirst() {
        String subject = subject();
        client.register(subject, A);

        Response response = client.delete("/subjects/" + subject + "?permanent=true");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo(40405);
        assertThat(client.get("/subjects/" + subject + "/versions").body()).isEqualTo("[1]");
    }

    @Test
    void shouldNumberANewVersionAfterTheHighestEvenWhenItIsSoftDeleted() {
        String subject = subject();
        client.setCompatibility(subject, "NONE");
        client.register(subject, A);
        // a schema no other test registers, so that only this subject uses its id
        int secondId = client.register(subject, "{\"type\":\"record\",\"name\":\"OnlyHere\",\"fields\":[]}");

        assertThat(client.delete("/subjects/" + subject + "/versions/2").body()).isEqualTo("2");
        assertThat(client.delete("/subjects/" + subject + "/versions/2").errorCode()).isEqualTo(40406);
        assertThat(client.delete("/subjects/" + subject + "/versions/1?permanent=true").errorCode()).isEqualTo(40407);
        client.register(subject, A_B);

        assertThat(client.get("/subjects/" + subject + "/versions").body()).isEqualTo("[1,3]");
        assertThat(client.get("/subjects/" + subject + "/versions?deletedOnly=true").body()).isEqualTo("[2]");
        assertThat(client.get("/subjects/" + subject + "/versions/2").errorCode()).isEqualTo(40402);
        assertThat(client.get("/schemas/ids/" + secondId + "/versions").body()).isEqualTo("[]");
        assertThat(client.get("/schemas/ids/" + secondId + "/versions?deleted=true").body())
                .isEqualTo("[{\"subject\":\"" + subject + "\",\"version\":2}]");
        assertThat(client.delete("/subjects/" + subject + "/versions/2?permanent=true").body()).isEqualTo("2");
        assertThat(client.get("/subjects/" + subject + "/versions?deleted=true").body()).isEqualTo("[1,3]");
    }

    @Test
    void shouldRejectAnInvalidSchemaWith42201() {
        Response notAvro = client.post("/subjects/" + subject() + "/versions", schemaBody("{\"type\":\"record\",\"name\":\"X\"}"));
        Response notJson = client.post("/subjects/" + subject() + "/versions", schemaBody("not json"));
        Response empty = client.post("/subjects/" + subject() + "/versions", "{}");

        for (Response response : List.of(notAvro, notJson, empty)) {
            assertThat(response.status()).isEqualTo(422);
            assertThat(response.errorCode()).isEqualTo(42201);
        }
    }

    @Test
    void shouldRejectProtobufAndJsonSchemasWith42201SayingOnlyAvroIsSupported() {
        Response protobuf = client.post("/subjects/" + subject() + "/versions",
                schemaBody("syntax = \"proto3\"; message M {}", "schemaType", "PROTOBUF"));

        assertThat(protobuf.errorCode()).isEqualTo(42201);
        assertThat(protobuf.json().get("message").asText()).contains("PROTOBUF is not supported", "AVRO");
        assertThat(client.post("/subjects/" + subject() + "/versions", schemaBody("{}", "schemaType", "JSON"))
                .errorCode()).isEqualTo(42201);
    }

    @Test
    void shouldRejectAnInvalidVersionWith42202() {
        String subject = subject();
        client.register(subject, A);

        for (String version : List.of("0", "-2", "abc", "99999999999")) {
            Response response = client.get("/subjects/" + subject + "/versions/" + version);
            assertThat(response.status()).as(version).isEqualTo(422);
            assertThat(response.errorCode()).as(version).isEqualTo(42202);
        }
        assertThat(client.get("/subjects/" + subject + "/versions/2").errorCode()).isEqualTo(40402);
    }

    @Test
    void shouldAnswer40401ForAnUnknownSubject() {
        String unknown = subject();

        assertThat(client.get("/subjects/" + unknown + "/versions").errorCode()).isEqualTo(40401);
        assertThat(client.get("/subjects/" + unknown + "/versions/1").errorCode()).isEqualTo(40401);
        assertThat(client.get("/subjects/" + unknown + "/versions/latest").status()).isEqualTo(404);
        assertThat(client.post("/subjects/" + unknown, schemaBody(A)).errorCode()).isEqualTo(40401);
        assertThat(client.delete("/subjects/" + unknown).errorCode()).isEqualTo(40401);
        assertThat(client.get("/subjects/" + unknown + "/versions/1").json().get("message").asText())
                .isEqualTo("Subject '" + unknown + "' not found.");
    }

    @Test
    void shouldAnswer40403ForAnUnknownId() {
        Response response = client.get("/schemas/ids/987654");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo(40403);
        assertThat(client.get("/schemas/ids/987654/versions").errorCode()).isEqualTo(40403);
    }

    @Test
    void shouldRejectAnInvalidCompatibilityLevelWith42203() {
        Response global = client.put("/config", "{\"compatibility\":\"SIDEWAYS\"}");
        Response subject = client.put("/config/" + subject(), "{\"compatibility\":\"SIDEWAYS\"}");

        assertThat(global.status()).isEqualTo(422);
        assertThat(global.errorCode()).isEqualTo(42203);
        assertThat(subject.errorCode()).isEqualTo(42203);
        assertThat(client.get("/config").body()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
    }

    @Test
    void shouldAnswer404OnTheAssociationsRouteSoClientsFallBackToTopicNameStrategy() {
        Response response = client.get("/associations/resources/-/orders?resourceType=topic&associationType=value");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith(VND);
        assertThat(response.json().has("error_code")).isTrue();
    }

    @Test
    void shouldAcceptJsonAndOctetStreamBodiesAndAnswerInTheRegistryMediaType() {
        String subject = subject();

        Response json = client.post("/subjects/" + subject + "/versions", schemaBody(A), "application/json");
        Response octets = client.post("/subjects/" + subject + "/versions", schemaBody(A), "application/octet-stream");
        Response text = client.post("/subjects/" + subject + "/versions", schemaBody(A), "text/plain");

        assertThat(json.status()).isEqualTo(200);
        assertThat(json.contentType()).startsWith(VND);
        assertThat(octets.json()).isEqualTo(json.json());
        assertThat(text.status()).isEqualTo(415);
        assertThat(text.errorCode()).isEqualTo(415);
    }

    @Test
    void shouldAnswerUnknownRoutesWithAConfluentErrorBody() {
        Response response = client.get("/no/such/route");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo(404);
    }

    @Test
    void shouldRejectWritesToAReadOnlySubjectWith42205() {
        String subject = subject();
        int id = client.register(subject, A);
        assertThat(client.get("/mode/" + subject).errorCode()).isEqualTo(40409);
        assertThat(client.get("/mode/" + subject + "?defaultToGlobal=true").body()).isEqualTo("{\"mode\":\"READWRITE\"}");

        assertThat(client.put("/mode/" + subject, "{\"mode\":\"READONLY\"}").body()).isEqualTo("{\"mode\":\"READONLY\"}");

        Response rejected = client.post("/subjects/" + subject + "/versions", schemaBody(A_B_DEFAULT));
        assertThat(rejected.status()).isEqualTo(422);
        assertThat(rejected.errorCode()).isEqualTo(42205);
        assertThat(rejected.json().get("message").asText()).contains("read-only");
        assertThat(client.register(subject, A)).as("a schema the subject holds is still answered").isEqualTo(id);
        assertThat(client.delete("/subjects/" + subject).errorCode()).isEqualTo(42205);
        assertThat(client.get("/subjects/" + subject + "/versions/1").status()).as("reads still work").isEqualTo(200);
        assertThat(client.put("/mode/" + subject, "{\"mode\":\"SOMETIMES\"}").errorCode()).isEqualTo(42204);
        assertThat(client.delete("/mode/" + subject).body()).isEqualTo("{\"mode\":\"READONLY\"}");
        client.register(subject, A_B_DEFAULT);
        assertThat(client.get("/mode").body()).isEqualTo("{\"mode\":\"READWRITE\"}");
    }

    @Test
    void shouldImportSchemasWithExplicitIdsAndVersionsInImportMode() {
        String subject = subject();
        assertThat(client.post("/subjects/" + subject + "/versions", schemaBody(A, "id", 500000)).errorCode())
                .as("an id needs IMPORT mode").isEqualTo(42205);
        client.put("/mode/" + subject, "{\"mode\":\"IMPORT\"}");

        Response imported = client.post("/subjects/" + subject + "/versions", schemaBody(A_AS_STRING, "id", 500000, "version", 7));

        assertThat(imported.body()).isEqualTo("{\"id\":500000}");
        assertThat(client.get("/subjects/" + subject + "/versions/7").json().get("id").asInt()).isEqualTo(500000);
        client.delete("/mode/" + subject);
        assertThat(client.register(subject(), record("{\"name\":\"z\",\"type\":\"int\"}")))
                .as("ids continue after the highest imported one").isEqualTo(500001);
    }

    /** Sets the level, registers the history, then shows the incompatible schema refused and the compatible one taken. */
    private static void assertEvolution(String level, List<String> history, String compatible, String incompatible) {
        String subject = subject();
        client.setCompatibility(subject, level);
        history.forEach(schema -> client.register(subject, schema));

        Response refused = client.post("/subjects/" + subject + "/versions", schemaBody(incompatible));
        assertThat(refused.status()).as("%s refuses %s: %s", level, incompatible, refused.body()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo(409);
        assertThat(refused.json().get("message").asText()).contains("'" + level + "'");

        Response accepted = client.post("/subjects/" + subject + "/versions", schemaBody(compatible));
        assertThat(accepted.status()).as("%s accepts %s: %s", level, compatible, accepted.body()).isEqualTo(200);
        assertThat(client.get("/subjects/" + subject + "/versions").json()).hasSize(history.size() + 1);
    }

    /**
     * As {@link #assertEvolution}, and shows that the refused schema passes a check against the latest
     * version alone, and registers under the plain level: only the transitive check catches it.
     */
    private static void assertTransitiveEvolution(String level, String plainLevel, List<String> history,
            String compatible, String incompatible) {
        String plain = subject();
        client.setCompatibility(plain, plainLevel);
        history.forEach(schema -> client.register(plain, schema));
        client.register(plain, incompatible);

        String transitive = subject();
        client.setCompatibility(transitive, level);
        history.forEach(schema -> client.register(transitive, schema));
        String latest = client.get("/subjects/" + transitive + "/versions/latest").json().get("version").asText();
        assertThat(client.post("/compatibility/subjects/" + transitive + "/versions/" + latest, schemaBody(incompatible))
                .body()).isEqualTo("{\"is_compatible\":true}");
        assertThat(client.post("/compatibility/subjects/" + transitive + "/versions/latest", schemaBody(incompatible))
                .body()).isEqualTo("{\"is_compatible\":false}");

        Response refused = client.post("/subjects/" + transitive + "/versions", schemaBody(incompatible));
        assertThat(refused.status()).as("%s refuses: %s", level, refused.body()).isEqualTo(409);
        assertThat(refused.json().get("message").asText()).contains("version 1", "'" + level + "'");
        assertThat(client.post("/subjects/" + transitive + "/versions", schemaBody(compatible)).status()).isEqualTo(200);
    }

    private static String subject() {
        return "conformance-" + SUBJECTS.incrementAndGet() + "-value";
    }

    private static String record(String fields) {
        return "{\"type\":\"record\",\"name\":\"R\",\"fields\":[" + fields + "]}";
    }
}

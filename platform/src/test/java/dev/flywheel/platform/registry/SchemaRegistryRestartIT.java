package dev.flywheel.platform.registry;

import static dev.flywheel.platform.registry.RegistryHttpClient.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.platform.PortInUseException;
import dev.flywheel.platform.Ports;
import dev.flywheel.platform.kafka.EmbeddedKafka;
import dev.flywheel.platform.testing.KafkaFixture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry's state lives only in its topic: it must survive a restart of the registry, and of the
 * broker under it. The first test runs its own broker on a persistent directory because it stops it.
 */
class SchemaRegistryRestartIT {

    private static final String ORDERS_V1 = record("Order", "{\"name\":\"id\",\"type\":\"long\"}");
    private static final String ORDERS_V2 = record("Order", "{\"name\":\"id\",\"type\":\"long\"},"
            + "{\"name\":\"note\",\"type\":\"string\",\"default\":\"\"}");
    private static final String ORDERS_V3 = record("Order", "{\"name\":\"id\",\"type\":\"long\"},"
            + "{\"name\":\"note\",\"type\":\"string\",\"default\":\"\"},{\"name\":\"qty\",\"type\":\"int\",\"default\":1}");
    private static final String USERS_V1 = record("User", "{\"name\":\"name\",\"type\":\"string\"}");
    private static final String GONE_V1 = record("Gone", "{\"name\":\"x\",\"type\":\"int\"}");
    private static final String FRESH = record("Fresh", "{\"name\":\"y\",\"type\":\"int\"}");

    @TempDir
    Path tmp;

    @Test
    void shouldKeepEverySubjectVersionIdConfigAndSoftDeleteWhenRegistryAndBrokerRestart() {
        EmbeddedKafka kafka = EmbeddedKafka.builder()
                .port(Ports.freePort("127.0.0.1"))
                .dataDir(tmp.resolve("kafka"))
                .build();
        kafka.start();
        SchemaRegistryServer registry = SchemaRegistryServer.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .port(0)
                .build();
        try {
            registry.start();
            RegistryHttpClient client = new RegistryHttpClient(registry.endpoint());
            // given
            client.setCompatibility(null, "FULL_TRANSITIVE");
            client.register("orders-value", ORDERS_V1);
            client.register("orders-value", ORDERS_V2);
            client.register("orders-value", ORDERS_V3);
            client.delete("/subjects/orders-value/versions/3");
            client.setCompatibility("orders-value", "NONE");
            client.register("users-value", USERS_V1);
            client.register("users-key", USERS_V1);
            client.put("/mode/users-key", "{\"mode\":\"READONLY\"}");
            client.register("gone-value", GONE_V1);
            assertThat(client.delete("/subjects/gone-value").status()).isEqualTo(200);
            Map<String, String> before = snapshot(client);
            int highestId = client.get("/schemas/ids/1?fetchMaxId=true").json().get("maxId").asInt();

            // when
            registry.stop();
            kafka.stop();
            kafka.start();
            registry.start();

            // then
            RegistryHttpClient restarted = new RegistryHttpClient(registry.endpoint());
            assertThat(snapshot(restarted)).isEqualTo(before);
            assertThat(restarted.get("/subjects/gone-value/versions").errorCode()).isEqualTo(40401);
            assertThat(restarted.post("/subjects/users-key/versions", schemaBody(FRESH)).errorCode()).isEqualTo(42205);
            assertThat(restarted.register("fresh-value", FRESH)).as("a new schema gets a fresh id").isEqualTo(highestId + 1);
        } finally {
            registry.stop();
            kafka.stop();
        }
    }

    @Test
    void shouldStartAgainInTheSameJvmAndServeWhatItHadBefore() {
        SchemaRegistryServer registry = SchemaRegistryServer.builder()
                .bootstrapServers(KafkaFixture.bootstrapServers())
                .topic("_schemas-restart-" + UUID.randomUUID())
                .port(0)
                .build();
        try {
            registry.start();
            int id = new RegistryHttpClient(registry.endpoint()).register("again-value", USERS_V1);
            registry.stop();
            assertThat(registry.isRunning()).isFalse();

            registry.start();

            RegistryHttpClient client = new RegistryHttpClient(registry.endpoint());
            assertThat(registry.isRunning()).isTrue();
            assertThat(client.get("/schemas/ids/" + id).json().get("schema").asText()).isEqualTo(USERS_V1);
            assertThat(client.register("again-value", USERS_V1)).isEqualTo(id);
        } finally {
            registry.stop();
        }
    }

    @Test
    void shouldFailWithAClearErrorWhenThePortIsInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            SchemaRegistryServer registry = SchemaRegistryServer.builder()
                    .bootstrapServers(KafkaFixture.bootstrapServers())
                    .port(taken.getLocalPort())
                    .build();

            assertThatThrownBy(registry::start)
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("Schema registry")
                    .hasMessageContaining("port " + taken.getLocalPort())
                    .hasMessageContaining("already in use");
            assertThat(registry.isRunning()).isFalse();
        }
    }

    @Test
    void shouldFailToStartWithAClearErrorWhenKafkaCannotBeReached() {
        SchemaRegistryServer registry = SchemaRegistryServer.builder()
                .bootstrapServers("127.0.0.1:" + Ports.freePort("127.0.0.1"))
                .initTimeout(Duration.ofSeconds(2))
                .port(0)
                .build();

        assertThatThrownBy(registry::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot check its topic '_schemas'");
        assertThat(registry.isRunning()).isFalse();
    }

    /** Every answer a client could read, by request path. */
    private static Map<String, String> snapshot(RegistryHttpClient client) {
        Map<String, String> answers = new LinkedHashMap<>();
        List<String> paths = new ArrayList<>(List.of("/subjects", "/subjects?deleted=true", "/config", "/mode",
                "/config/orders-value", "/mode/users-key"));
        for (JsonNode subject : client.get("/subjects?deleted=true").json()) {
            String versions = "/subjects/" + subject.asText() + "/versions";
            paths.add(versions + "?deleted=true");
            for (JsonNode version : client.get(versions + "?deleted=true").json()) {
                paths.add(versions + "/" + version.asInt() + "?deleted=true");
            }
        }
        int maxId = client.get("/schemas/ids/1?fetchMaxId=true").json().get("maxId").asInt();
        for (int id = 1; id <= maxId; id++) {
            paths.add("/schemas/ids/" + id);
            paths.add("/schemas/ids/" + id + "/versions?deleted=true");
        }
        for (String path : paths) {
            RegistryHttpClient.Response response = client.get(path);
            answers.put(path, response.status() + " " + response.body());
        }
        assertThat(answers.values()).allSatisfy(answer -> assertThat(answer).startsWith("200 "));
        return answers;
    }

    private static String record(String name, String fields) {
        return "{\"type\":\"record\",\"name\":\"" + name + "\",\"fields\":[" + fields + "]}";
    }
}

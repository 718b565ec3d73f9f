package dev.flywheel.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.platform.registry.SchemaRegistryServer;
import dev.flywheel.platform.testing.KafkaFixture;
import dev.flywheel.registry.artifact.ArtifactStores;
import dev.flywheel.registry.lineage.Lineage;
import dev.flywheel.registry.lineage.LineageNode;
import dev.flywheel.registry.versions.JsonSerde;
import dev.flywheel.schemas.events.DataAvailable;
import dev.flywheel.schemas.events.DatasetSnapshot;
import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.schemas.events.ModelPromoted;
import dev.flywheel.schemas.events.ModelStage;
import dev.flywheel.schemas.events.ModelVersion;
import dev.flywheel.schemas.events.TrainingJobStatus;
import dev.flywheel.schemas.events.TrainingRequested;
import dev.flywheel.schemas.registry.HttpSchemaRegistryClient;
import dev.flywheel.schemas.registry.RegistryClientConfig;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.topics.AvroTopicSerdes;
import dev.flywheel.topology.topics.Topic;
import dev.flywheel.topology.topics.TopicCatalogue;
import dev.flywheel.topology.topics.TopicProvisioner;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry on the real in-process broker and schema registry server: a full chain of events from drift to
 * a successful training, the lineage walk over it, promotion, rollback over HTTP, and a restart on an empty
 * state directory (the stores come back from their changelogs).
 */
class ModelRegistryIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String TOKEN = "integration-token-" + RUN;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static SchemaRegistryServer server;
    private static HttpSchemaRegistryClient producerRegistry;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRegistry() {
        server = SchemaRegistryServer.builder().bootstrapServers(KafkaFixture.bootstrapServers())
                .topic("_schemas-model-registry-it-" + RUN).port(0).build();
        server.start();
        producerRegistry = new HttpSchemaRegistryClient(RegistryClientConfig.of(server.endpoint()));
    }

    @AfterAll
    static void stopRegistry() {
        if (producerRegistry != null) {
            producerRegistry.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void shouldRegisterPromoteWalkLineageRollBackAndSurviveARestart() throws Exception {
        // given the backbone topics and a running registry
        FlywheelSpec spec = Fixtures.spec();
        FlywheelConfig config = FlywheelConfig.load(Map.of(
                "FLYWHEEL_KAFKA_BOOTSTRAP_SERVERS", KafkaFixture.bootstrapServers(),
                "FLYWHEEL_REGISTRY_URL", server.endpoint(),
                "FLYWHEEL_TOPIC_PREFIX", "it-" + RUN + ".",
                "FLYWHEEL_TOPIC_PARTITIONS", "2",
                "FLYWHEEL_STATE_DIR", dir.resolve("state-1").toString()), Map.of());
        TopicCatalogue topics = TopicCatalogue.of(spec, config, new AvroTopicSerdes(producerRegistry, Map.of()));
        try (Admin admin = Admin.create(ClientConfigs.kafka(config))) {
            new TopicProvisioner(admin).provision(List.of(topics.training(), topics.models(), topics.datasets(),
                    topics.drift(), topics.dataAvailable()));
        }
        ModelRegistryService registry = start(spec, config);

        // when a full chain of events arrives
        DriftDetected drift = Fixtures.drift();
        DataAvailable data = Fixtures.dataAvailable();
        TrainingRequested request = Fixtures.requested("fraud_detector", "r-1", List.of(drift.getEventId(),
                data.getEventId()));
        DatasetSnapshot dataset = Fixtures.dataset("ds-r-1", "r-1", List.of(request.getEventId()));
        Path model = Fixtures.artifact(dir, "model-1.json", "{\"trees\": 1}");
        TrainingJobStatus first = Fixtures.succeeded("fraud_detector", "r-1", model.toUri().toString(),
                Fixtures.sha256("{\"trees\": 1}"), Map.of("auc", 0.90), List.of(request.getEventId(),
                        dataset.getEventId()));
        produce(topics.drift(), "card_spend_drift", drift);
        produce(topics.dataAvailable(), "card_spend", data);
        produce(topics.training(), "r-1", request);
        produce(topics.datasets(), "ds-r-1", dataset);
        produce(topics.training(), "r-1", Fixtures.running("fraud_detector", "r-1"));
        produce(topics.training(), "r-1", first);

        // then version 1 is registered and champion, and its lineage reaches the drift and the new data
        ModelRegistry api = registry.registry();
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> api.champion("fraud_detector").isPresent());
        assertThat(api.version("fraud_detector", 1).getStage()).isEqualTo(ModelStage.PRODUCTION);
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> api.lineage("fraud_detector", 1).missing().isEmpty());
        Lineage lineage = api.lineage("fraud_detector", 1);
        assertThat(lineage.events()).extracting(LineageNode::type).containsExactlyInAnyOrder("TrainingJobStatus",
                "TrainingRequested", "DatasetSnapshot", "DriftDetected", "DataAvailable");
        assertThat(lineage.roots()).containsExactlyInAnyOrder(drift.getEventId(), data.getEventId());
        assertThat(lineage.featureViews()).containsExactly("card_spend");

        // and a better second version is promoted, a tampered third rejected
        Path better = Fixtures.artifact(dir, "model-2.json", "{\"trees\": 2}");
        produce(topics.training(), "r-2", Fixtures.succeeded("fraud_detector", "r-2", better, Map.of("auc", 0.95)));
        produce(topics.training(), "r-3", Fixtures.succeeded("fraud_detector", "r-3", better.toUri().toString(),
                Fixtures.sha256("other"), Map.of("auc", 0.99), List.of()));
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> api.champion("fraud_detector").get().getVersion() == 2);

        // and a rollback over HTTP with the token restores version 1
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            registry.addRoutes(cfg.routes);
        }).start("127.0.0.1", 0);
        try {
            HttpResponse<String> lineageOverHttp = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + app.port() + "/models/fraud_detector/versions/1/lineage")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(lineageOverHttp.statusCode()).isEqualTo(200);
            assertThat(JsonSerde.MAPPER.readTree(lineageOverHttp.body()).get("events")).hasSize(5);
            HttpResponse<String> rollback = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + app.port() + "/models/fraud_detector/rollback")).header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"actor\": \"it\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(rollback.statusCode()).isEqualTo(200);
            JsonNode outcome = JsonSerde.MAPPER.readTree(rollback.body());
            assertThat(outcome.get("champion").asInt()).isEqualTo(1);
        } finally {
            app.stop();
        }
        registry.close();

        // when the registry restarts on an empty state directory
        ModelRegistryService restarted = start(spec, config.with(Map.of("state.dir",
                dir.resolve("state-2").toString())));
        try {
            ModelRegistry again = restarted.registry();

            // then it has every version, the champion and the lineage back, and keeps numbering
            await().atMost(TIMEOUT).ignoreExceptions().until(() -> again.versions("fraud_detector").size() == 2);
            assertThat(again.champion("fraud_detector").map(ModelVersion::getVersion)).contains(1);
            assertThat(again.versions("fraud_detector")).extracting(ModelVersion::getStage)
                    .containsExactly(ModelStage.PRODUCTION, ModelStage.ARCHIVED);
            assertThat(again.model("fraud_detector").previousChampions()).isEmpty();
            await().atMost(TIMEOUT).ignoreExceptions().until(() -> again.lineage("fraud_detector", 1).events()
                    .size() == 5);
            produce(topics.training(), "r-4", Fixtures.succeeded("fraud_detector", "r-4", better, Map.of("auc", 0.5)));
            await().atMost(TIMEOUT).ignoreExceptions().until(() -> again.versions("fraud_detector").size() == 3);
            assertThat(again.version("fraud_detector", 3).getRequestId()).isEqualTo("r-4");
        } finally {
            restarted.close();
        }

        // and flywheel.models holds every state change, the promotions and the rejection
        List<ConsumerRecord<String, SpecificRecord>> published = consume(topics.models(), config);
        assertThat(published).extracting(ConsumerRecord::key).contains("fraud_detector/1", "fraud_detector/2",
                "fraud_detector/3", "fraud_detector", "fraud_detector/rejected/r-3");
        assertThat(published).filteredOn(record -> record.value() instanceof ModelPromoted).extracting(record ->
                ((ModelPromoted) record.value()).getVersion()).containsExactly(1, 2, 1);
    }

    private ModelRegistryService start(FlywheelSpec spec, FlywheelConfig config) {
        ModelRegistryService service = ModelRegistryService.create(spec, config, new SimpleMeterRegistry(),
                RegistrySettings.defaults().withApiToken(TOKEN), ArtifactStores.localAnd(),
                new HttpSchemaRegistryClient(RegistryClientConfig.of(server.endpoint())),
                settings -> settings.with(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100), Clock.systemUTC());
        service.start();
        await().atMost(TIMEOUT).until(() -> service.health().isUp());
        return service;
    }

    private static <V> void produce(Topic<String, V> topic, String key, V value) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", KafkaFixture.bootstrapServers());
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(props, Serdes.String().serializer(),
                topic.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
        }
    }

    private static List<ConsumerRecord<String, SpecificRecord>> consume(Topic<String, SpecificRecord> topic,
                                                                        FlywheelConfig config) {
        Properties props = ClientConfigs.kafka(config);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, SpecificRecord>> records = new ArrayList<>();
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(props, Serdes.String().deserializer(),
                topic.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            await().atMost(TIMEOUT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.stream().anyMatch(record -> "fraud_detector/3".equals(record.key()));
            });
        }
        records.sort(java.util.Comparator.comparingLong(ConsumerRecord::timestamp));
        return records;
    }
}

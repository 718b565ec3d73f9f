package dev.flywheel.topology.topics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.platform.testing.KafkaFixture;
import dev.flywheel.schemas.registry.InMemorySchemaRegistryClient;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.spec.SpecLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsResult;
import org.apache.kafka.clients.admin.ForwardingAdmin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Provisioning against the real in-process broker; each test uses its own topic prefix. */
class TopicProvisionerIT {

    private static FlywheelConfig config;
    private static Admin admin;

    @BeforeAll
    static void connect() {
        config = FlywheelConfig.load(Map.of("FLYWHEEL_KAFKA_BOOTSTRAP_SERVERS", KafkaFixture.bootstrapServers()),
                Map.of());
        admin = Admin.create(ClientConfigs.kafka(config));
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    private static TopicCatalogue catalogue() throws Exception {
        String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        FlywheelConfig prefixed = config.with(Map.of("topic.prefix", prefix));
        return TopicCatalogue.of(SpecLoader.load(Path.of(TopicProvisionerIT.class.getResource("/flywheel.yaml").toURI())),
                prefixed, new AvroTopicSerdes(new InMemorySchemaRegistryClient(), Map.of()));
    }

    private static List<String> names(List<Topic<?, ?>> topics) {
        return topics.stream().map(Topic::name).toList();
    }

    @Test
    void shouldCreateMissingTopicsThenFindThemAllOkOnTheSecondRun() throws Exception {
        TopicCatalogue catalogue = catalogue();
        TopicProvisioner provisioner = new TopicProvisioner(admin);

        ProvisioningReport first = provisioner.provision(catalogue.all());
        ProvisioningReport second = provisioner.provision(catalogue.all());

        assertThat(first.created()).containsExactlyInAnyOrderElementsOf(names(catalogue.provisioned()));
        assertThat(first.allOk()).isTrue();
        assertThat(second.created()).isEmpty();
        assertThat(second.mismatched()).isEmpty();
        assertThat(second.ok()).containsExactlyInAnyOrderElementsOf(names(catalogue.provisioned()));
        Config dlq = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC,
                catalogue.dlq("transactions").name()))).all().get().values().iterator().next();
        assertThat(dlq.get("retention.ms").value()).isEqualTo(Long.toString(Duration.ofDays(30).toMillis()));
        assertThat(admin.describeTopics(List.of(catalogue.models().name())).allTopicNames().get()
                .get(catalogue.models().name()).partitions()).hasSize(config.topicPartitions());
    }

    @Test
    void shouldReturnOnlyOnceTheBrokerAnswersForTheTopicsItCreated() throws Exception {
        // given a broker whose metadata does not have the new topics yet at the first describe (KRaft lag)
        TopicCatalogue catalogue = catalogue();
        AtomicInteger describes = new AtomicInteger();
        Admin lagging = new ForwardingAdmin(ClientConfigs.kafka(config).entrySet().stream().collect(
                Collectors.toMap(e -> (String) e.getKey(), Map.Entry::getValue))) {
            @Override
            public DescribeTopicsResult describeTopics(TopicCollection topics, DescribeTopicsOptions options) {
                if (describes.getAndIncrement() == 0) {
                    Map<String, KafkaFuture<TopicDescription>> unknown = new HashMap<>();
                    ((TopicCollection.TopicNameCollection) topics).topicNames().forEach(name -> {
                        KafkaFutureImpl<TopicDescription> future = new KafkaFutureImpl<>();
                        future.completeExceptionally(new UnknownTopicOrPartitionException("not yet: " + name));
                        unknown.put(name, future);
                    });
                    return new DescribeTopicsResult(null, unknown) { };
                }
                return super.describeTopics(topics, options);
            }
        };

        // when it creates them
        ProvisioningReport report;
        try (lagging) {
            report = new TopicProvisioner(lagging, Duration.ofSeconds(10), 8, Duration.ofMillis(50))
                    .provision(catalogue.all());
        }

        // then it asked again until the broker knew every one of them
        assertThat(report.created()).containsExactlyInAnyOrderElementsOf(names(catalogue.provisioned()));
        assertThat(describes.get()).isGreaterThanOrEqualTo(2);
        assertThat(admin.describeTopics(names(catalogue.provisioned())).allTopicNames().get(1, TimeUnit.SECONDS))
                .containsOnlyKeys(names(catalogue.provisioned()));
    }

    @Test
    void shouldReportButNotChangeATopicCreatedByHandWithOtherSettings() throws Exception {
        TopicCatalogue catalogue = catalogue();
        String features = catalogue.features("card_spend").name();
        admin.createTopics(List.of(new NewTopic(features, Optional.of(1), Optional.empty())
                .configs(Map.of("retention.ms", "3600000")))).all().get();

        ProvisioningReport report = new TopicProvisioner(admin).provision(catalogue.all());

        assertThat(report.mismatched()).singleElement().satisfies(mismatch -> {
            assertThat(mismatch.topic()).isEqualTo(features);
            assertThat(mismatch.differences()).extracting(Object::toString).containsExactly(
                    "partitions is 1, expected " + config.topicPartitions(),
                    "retention.ms is 3600000, expected 604800000");
        });
        assertThat(report.created()).hasSize(catalogue.provisioned().size() - 1).doesNotContain(features);
        assertThat(admin.describeTopics(List.of(features)).allTopicNames().get().get(features).partitions()).hasSize(1);
        Config actual = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, features)))
                .all().get().values().iterator().next();
        assertThat(actual.get("retention.ms").value()).isEqualTo("3600000");
    }

    @Test
    void shouldToleratePeersProvisioningTheSameTopicsAtOnce() throws Exception {
        TopicCatalogue catalogue = catalogue();

        CompletableFuture<ProvisioningReport> one = CompletableFuture.supplyAsync(
                () -> new TopicProvisioner(admin).provision(catalogue.all()));
        CompletableFuture<ProvisioningReport> two = CompletableFuture.supplyAsync(
                () -> new TopicProvisioner(admin).provision(catalogue.all()));

        for (ProvisioningReport report : List.of(one.get(), two.get())) {
            assertThat(report.mismatched()).isEmpty();
            assertThat(report.created().size() + report.ok().size()).isEqualTo(catalogue.provisioned().size());
        }
        assertThat(one.get().created().size() + two.get().created().size()).isEqualTo(catalogue.provisioned().size());
    }
}

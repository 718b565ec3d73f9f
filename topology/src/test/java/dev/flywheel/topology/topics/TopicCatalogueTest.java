package dev.flywheel.topology.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.schemas.registry.InMemorySchemaRegistryClient;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.SpecLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TopicCatalogueTest {

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    private static FlywheelSpec example() throws Exception {
        return SpecLoader.load(Path.of(TopicCatalogueTest.class.getResource("/flywheel.yaml").toURI()));
    }

    private TopicCatalogue catalogue(Map<String, String> env) throws Exception {
        return TopicCatalogue.of(example(), FlywheelConfig.load(env, Map.of()),
                new AvroTopicSerdes(registry, Map.of()));
    }

    @Test
    void shouldHoldTheBackboneTopicsWithTheirCleanupPolicies() throws Exception {
        TopicCatalogue catalogue = catalogue(Map.of());

        assertThat(catalogue.dataAvailable().name()).isEqualTo("flywheel.data-available");
        assertThat(catalogue.datasets().settings().cleanupPolicy()).isEqualTo(CleanupPolicy.COMPACT);
        assertThat(catalogue.drift().settings().cleanupPolicy()).isEqualTo(CleanupPolicy.DELETE);
        assertThat(catalogue.training().name()).isEqualTo("flywheel.training");
        assertThat(catalogue.models().settings().cleanupPolicy()).isEqualTo(CleanupPolicy.COMPACT);
    }

    @Test
    void shouldHoldValidAndDlqTopicsPerSourceAndFeaturesPerView() throws Exception {
        TopicCatalogue catalogue = catalogue(Map.of());

        assertThat(catalogue.valid("transactions").name()).isEqualTo("transactions.valid");
        assertThat(catalogue.valid("transactions").settings().retention()).contains(Duration.ofDays(7));
        assertThat(catalogue.dlq("transactions").name()).isEqualTo("transactions.dlq");
        assertThat(catalogue.dlq("transactions").settings().configs())
                .containsEntry("cleanup.policy", "delete").containsEntry("retention.ms", "2592000000");
        assertThat(catalogue.features("card_spend").name()).isEqualTo("features.card_spend");
        assertThat(catalogue.features("card_spend").settings().retention()).contains(Duration.ofDays(7));
    }

    @Test
    void shouldPrefixOnlyTheTopicsFlywheelOwns() throws Exception {
        TopicCatalogue catalogue = catalogue(Map.of("FLYWHEEL_TOPIC_PREFIX", "team-a.",
                "FLYWHEEL_TOPIC_PARTITIONS", "6"));

        assertThat(catalogue.drift().name()).isEqualTo("team-a.flywheel.drift");
        assertThat(catalogue.dlq("transactions").name()).isEqualTo("team-a.transactions.dlq");
        assertThat(catalogue.features("card_spend").settings().partitions()).isEqualTo(6);
        assertThat(catalogue.sourceInput("transactions").name()).isEqualTo("transactions");
        assertThat(catalogue.labels("fraud_labels").name()).isEqualTo("fraud-labels");
    }

    @Test
    void shouldProvisionOnlyOwnTopics() throws Exception {
        TopicCatalogue catalogue = catalogue(Map.of());

        assertThat(catalogue.provisioned()).extracting(Topic::name).containsExactly("flywheel.data-available",
                "flywheel.datasets", "flywheel.drift", "flywheel.training", "flywheel.models", "flywheel.dlq-replays",
                "transactions.valid", "transactions.dlq", "fraud_labels.valid", "fraud_labels.dlq",
                "features.card_spend");
        assertThat(catalogue.all()).extracting(Topic::name).contains("transactions", "fraud-labels",
                "fraud-predictions");
        assertThat(catalogue.sourceInput("transactions").provisioned()).isFalse();
    }

    @Test
    void shouldProvisionTheValidAndDlqTopicsOfALabelsImplicitSource() throws Exception {
        // given the design's example, whose label declares no source
        FlywheelSpec spec = SpecLoader.load(Path.of(TopicCatalogueTest.class.getResource("/architecture-example.yaml")
                .toURI()));

        // when
        TopicCatalogue catalogue = TopicCatalogue.of(spec, FlywheelConfig.load(Map.of(), Map.of()),
                new AvroTopicSerdes(registry, Map.of()));

        // then the label is ingested like a source, from the producers' label topic
        assertThat(catalogue.provisioned()).extracting(Topic::name)
                .contains("fraud_labels.valid", "fraud_labels.dlq");
        assertThat(catalogue.sourceInput("fraud_labels").name()).isEqualTo("fraud-labels");
        assertThat(catalogue.sourceInput("fraud_labels").provisioned()).isFalse();
        assertThat(catalogue.dlqFor("fraud-labels")).contains("fraud_labels.dlq");
    }

    @Test
    void shouldMapEveryTopicReadFromASourceToItsDlq() throws Exception {
        TopicCatalogue catalogue = catalogue(Map.of());

        assertThat(catalogue.dlqFor("transactions")).contains("transactions.dlq");
        assertThat(catalogue.dlqFor("transactions.valid")).contains("transactions.dlq");
        assertThat(catalogue.dlqFor("features.card_spend")).contains("transactions.dlq");
        assertThat(catalogue.dlqFor("flywheel.drift")).isEmpty();
    }

    @Test
    void shouldNameTheKnownOnesWhenAskedForAnUnknownSource() throws Exception {
        assertThatThrownBy(() -> catalogue(Map.of()).valid("payments"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown source 'payments' (known: transactions, fraud_labels)");
    }

    @Test
    void shouldFindTopicsByName() throws Exception {
        TopicCatalogue catalogue = catalogue(Map.of());

        assertThat(catalogue.topic("flywheel.models")).map(Topic::name).contains("flywheel.models");
        assertThat(catalogue.topic("nope")).isEqualTo(Optional.empty());
    }

    @Test
    void shouldWriteEachEventOfAMultiEventTopicUnderItsOwnSubject() throws Exception {
        TopicCatalogue catalogue = catalogue(Map.of());
        DriftDetected alarm = DriftDetected.newBuilder()
                .setEventId("e1").setOccurredAt(java.time.Instant.EPOCH).setMonitor("card_spend_drift")
                .setMethod("PSI").setScore(0.3).setThreshold(0.1).setWindowStart(java.time.Instant.EPOCH)
                .setWindowEnd(java.time.Instant.EPOCH).setWindowSize(10).setReferenceSize(100).build();

        byte[] bytes = catalogue.drift().valueSerde().serializer().serialize("flywheel.drift", alarm);

        assertThat(registry.getAllSubjects()).contains("flywheel.drift-" + DriftDetected.getClassSchema().getFullName());
        assertThat(catalogue.drift().valueSerde().deserializer().deserialize("flywheel.drift", bytes))
                .isInstanceOf(DriftDetected.class).isEqualTo(alarm);
    }
}

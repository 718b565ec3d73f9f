package dev.flywheel.topology.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SpecLoaderTest {

    private static FlywheelSpec example() throws Exception {
        return SpecLoader.load(Path.of(SpecLoaderTest.class.getResource("/flywheel.yaml").toURI()));
    }

    @Test
    void shouldLoadTheExampleSources() throws Exception {
        SourceSpec source = example().sources().get(0);

        assertThat(source.name()).isEqualTo("transactions");
        assertThat(source.topic()).isEqualTo("transactions");
        assertThat(source.key()).isEqualTo("card_id");
        assertThat(source.timestamp()).contains("ts");
        assertThat(source.contract()).extracting(FieldContract::field).containsExactly("amount", "country", "merchant");
        FieldContract amount = source.contract().get(0);
        assertThat(amount.required()).isTrue();
        assertThat(amount.min()).hasValue(0.0);
        assertThat(amount.max()).hasValue(100000.0);
        assertThat(source.contract().get(1).allowed()).containsExactly("US", "DE", "FR", "GB");
        assertThat(source.contract().get(2).pattern()).contains("[a-z0-9_]+");
        assertThat(source.timeBounds()).isEqualTo(new TimeBounds(Duration.ofMinutes(5), Optional.of(Duration.ofDays(30))));
        assertThat(source.dedupe()).contains(new DedupeSpec("txn_id", Duration.ofHours(1)));
    }

    @Test
    void shouldLoadTheExampleFeatureViewWithEveryWindowKind() throws Exception {
        FeatureViewSpec view = example().featureViews().get(0);

        assertThat(view.name()).isEqualTo("card_spend");
        assertThat(view.source()).isEqualTo("transactions");
        assertThat(view.entities()).containsExactly("card_id");
        assertThat(view.ttl()).contains(Duration.ofDays(7));
        assertThat(view.grace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(view.features()).containsExactly(
                new FeatureSpec("txn_count_1h", Aggregation.COUNT, Optional.empty(),
                        Optional.of(new WindowSpec(WindowKind.TUMBLING, Duration.ofHours(1), Duration.ofHours(1)))),
                new FeatureSpec("amount_sum_24h", Aggregation.SUM, Optional.of("amount"),
                        Optional.of(new WindowSpec(WindowKind.TUMBLING, Duration.ofHours(24), Duration.ofHours(24)))),
                new FeatureSpec("amount_avg_7d", Aggregation.AVG, Optional.of("amount"),
                        Optional.of(new WindowSpec(WindowKind.HOPPING, Duration.ofDays(7), Duration.ofHours(1)))),
                new FeatureSpec("amount_max_10m", Aggregation.MAX, Optional.of("amount"),
                        Optional.of(new WindowSpec(WindowKind.SLIDING, Duration.ofMinutes(10), Duration.ofMinutes(10)))),
                new FeatureSpec("last_country", Aggregation.LAST, Optional.of("country"), Optional.empty()),
                new FeatureSpec("merchant", Aggregation.PASSTHROUGH, Optional.of("merchant"), Optional.empty()));
    }

    @Test
    void shouldLoadTheExampleLabelsAndMonitors() throws Exception {
        FlywheelSpec spec = example();

        assertThat(spec.labels()).containsExactly(
                new LabelSpec("fraud_labels", "fraud-labels", "card_id", Optional.of("ts"), "is_fraud"));
        MonitorSpec data = spec.monitors().get(0);
        assertThat(data.target()).isEqualTo(new MonitorTarget.Data("card_spend"));
        assertThat(data.window()).isEqualTo(new MonitorWindow.Count(10000, 1000));
        assertThat(data.method()).isEqualTo(DriftMethod.AUTO);
        assertThat(data.driftShare()).isEqualTo(MonitorSpec.DEFAULT_DRIFT_SHARE);
        assertThat(data.features()).containsExactly(
                new FeatureOverride("amount_sum_24h", Optional.of(DriftMethod.PSI), OptionalDouble.of(0.2)));
        MonitorSpec concept = spec.monitors().get(1);
        assertThat(concept.target()).isEqualTo(new MonitorTarget.Concept(
                new MonitorTarget.PredictionStream("fraud-predictions", "card_id", "score", Optional.empty()),
                "fraud_labels"));
        assertThat(concept.window()).isEqualTo(new MonitorWindow.Time(Duration.ofHours(1), Duration.ofHours(1)));
        assertThat(concept.window().tumbling()).isTrue();
        assertThat(concept.detector()).isEqualTo(ErrorRateDetector.PAGE_HINKLEY);
        assertThat(concept.cooldown()).isEqualTo(Duration.ofHours(6));
        assertThat(concept.joinWindow()).isEqualTo(Duration.ofDays(2));
        assertThat(data.joinWindow()).isEqualTo(MonitorSpec.DEFAULT_JOIN_WINDOW);
    }

    @Test
    void shouldLoadTheExampleModel() throws Exception {
        ModelSpec model = example().models().get(0);

        assertThat(model.name()).isEqualTo("fraud_detector");
        assertThat(model.features()).containsExactly(new FeatureRef("card_spend", "txn_count_1h"),
                new FeatureRef("card_spend", "amount_sum_24h"), new FeatureRef("card_spend", "last_country"));
        assertThat(model.views()).containsExactly("card_spend");
        assertThat(model.label()).isEqualTo("fraud_labels");
        assertThat(model.trainer().backend()).isEqualTo(TrainerBackend.JOB);
        assertThat(model.trainer().image()).contains("flywheel-trainer:latest");
        assertThat(model.trainer().gpu()).isEqualTo(1);
        TuningSpec tuning = model.tuning().orElseThrow();
        assertThat(tuning.algorithm()).isEqualTo(TuningAlgorithm.TPE);
        assertThat(tuning.goal()).isEqualTo(Goal.MAXIMIZE);
        assertThat(tuning.maxTrials()).isEqualTo(12);
        assertThat(tuning.parallel()).isEqualTo(3);
        assertThat(tuning.parameters()).containsExactly(
                new ParameterSpec("eta", ParameterType.DOUBLE, OptionalDouble.of(0.01), OptionalDouble.of(0.3),
                        Scale.LOG, OptionalDouble.empty(), List.of()),
                new ParameterSpec("max_depth", ParameterType.INT, OptionalDouble.of(3), OptionalDouble.of(10),
                        Scale.LINEAR, OptionalDouble.empty(), List.of()));
        assertThat(model.retrain()).isEqualTo(new RetrainSpec(
                Optional.of(new DriftTrigger(0.3, OptionalDouble.empty(), List.of())), OptionalLong.of(100000),
                Optional.empty(), Duration.ofHours(6), 1, RetrainSpec.DEFAULT_COALESCE));
        assertThat(model.promotion()).contains(new PromotionSpec("auc", Goal.MAXIMIZE, 0.005, true));
    }

    @Test
    void shouldLoadTheStarterSpecShippedForInit() throws Exception {
        FlywheelSpec spec = SpecLoader.load(Path.of(SpecLoaderTest.class.getResource("/starter-flywheel.yaml").toURI()));

        assertThat(spec.project()).isEqualTo("demo");
        assertThat(spec.feature(new FeatureRef("card_spend", "last_country"))).isPresent();
    }

    @Test
    void shouldApplyDefaultsWhenOptionalKeysAreLeftOut() {
        FlywheelSpec spec = SpecLoader.parse("flywheel.yaml", """
                project: p
                sources:
                  - {name: s, key: id}
                  - {name: l, key: id, timestamp: at}
                feature_views:
                  - {name: v, source: s, entity: [a, b], features: [{name: n, agg: count}]}
                labels:
                  - {name: l, key: id, field: y}
                models:
                  - {name: m, features: ["v:n"], label: l, promotion: {metric: rmse}}
                """);

        assertThat(spec.sources().get(0).topic()).isEqualTo("s");
        assertThat(spec.sources().get(0).timeBounds()).isEqualTo(TimeBounds.DEFAULT);
        assertThat(spec.featureViews().get(0).entities()).containsExactly("a", "b");
        assertThat(spec.featureViews().get(0).ttl()).isEmpty();
        assertThat(spec.featureViews().get(0).grace()).isZero();
        assertThat(spec.labels().get(0).topic()).isEqualTo("l");
        ModelSpec model = spec.models().get(0);
        assertThat(model.trainer()).isEqualTo(TrainerSpec.DEFAULT);
        assertThat(model.retrain()).isEqualTo(RetrainSpec.MANUAL);
        assertThat(model.promotion().orElseThrow().goal()).isEqualTo(Goal.MINIMIZE);
        assertThat(spec.monitors()).isEmpty();
    }

    @Test
    void shouldLoadTheArchitectureExampleWithAnImplicitSourceForItsLabel() throws Exception {
        // given the example spec of the design (ARCHITECTURE.md), whose label has no source of its own
        Path file = Path.of(SpecLoaderTest.class.getResource("/architecture-example.yaml").toURI());

        // when
        FlywheelSpec spec = SpecLoader.load(file);

        // then the label is fed by an implicit source of its name, topic, key and timestamp
        LabelSpec label = spec.label("fraud_labels").orElseThrow();
        assertThat(spec.sources()).extracting(SourceSpec::name).containsExactly("transactions", "fraud_labels");
        SourceSpec labels = spec.source("fraud_labels").orElseThrow();
        assertThat(labels).isEqualTo(SourceSpec.ofLabel(label));
        assertThat(labels.topic()).isEqualTo("fraud-labels");
        assertThat(labels.key()).isEqualTo("card_id");
        assertThat(labels.timestamp()).contains("ts");
        assertThat(labels.contract()).extracting(FieldContract::field, FieldContract::required)
                .containsExactly(tuple("card_id", true), tuple("is_fraud", true));
        assertThat(spec.labelSource("fraud_labels")).contains(labels);
        // and its local trainer keeps the Kubernetes-only keys and the tuning, which the local launcher ignores
        ModelSpec model = spec.model("fraud_detector").orElseThrow();
        assertThat(model.trainer().backend()).isEqualTo(TrainerBackend.LOCAL);
        assertThat(model.trainer().kubernetesOnlyKeys()).containsExactly("image", "gpu");
        assertThat(model.tuning().orElseThrow().maxTrials()).isEqualTo(12);
    }

    @Test
    void shouldKeepAnExplicitSourceOfTheLabelsNameAndTopic() throws Exception {
        FlywheelSpec spec = example();

        assertThat(spec.sources()).extracting(SourceSpec::name).containsExactly("transactions", "fraud_labels");
        assertThat(spec.labelSource("fraud_labels")).isEqualTo(spec.source("fraud_labels"));
        assertThat(spec.withLabelSources()).isSameAs(spec);
    }

    @Test
    void shouldFeedALabelFromTheSourceThatReadsItsTopicUnderAnotherName() {
        FlywheelSpec spec = SpecLoader.parse("flywheel.yaml", """
                project: p
                sources:
                  - {name: s, key: id}
                  - {name: label_events, topic: outcomes, key: id, timestamp: at}
                feature_views:
                  - {name: v, source: s, entity: id, features: [{name: n, agg: count}]}
                labels:
                  - {name: l, topic: outcomes, key: id, field: y}
                  - {name: l2, topic: outcomes, key: id, field: z}
                models:
                  - {name: m, features: ["v:n"], label: l, promotion: {metric: rmse}}
                """);

        assertThat(spec.sources()).extracting(SourceSpec::name).containsExactly("s", "label_events");
        assertThat(spec.labelSource("l")).isEqualTo(spec.source("label_events"));
        assertThat(spec.labelSource("l2")).isEqualTo(spec.source("label_events"));
    }

    @Test
    void shouldGiveTwoLabelsOfOneTopicOneImplicitSource() {
        FlywheelSpec spec = SpecLoader.parse("flywheel.yaml", """
                project: p
                sources:
                  - {name: s, key: id}
                feature_views:
                  - {name: v, source: s, entity: id, features: [{name: n, agg: count}]}
                labels:
                  - {name: clicked, topic: outcomes, key: id, timestamp: at, field: click}
                  - {name: bought, topic: outcomes, key: id, timestamp: at, field: buy}
                models:
                  - {name: m, features: ["v:n"], label: bought, promotion: {metric: rmse}}
                """);

        assertThat(spec.sources()).extracting(SourceSpec::name).containsExactly("s", "clicked");
        assertThat(spec.source("clicked").orElseThrow().contract()).extracting(FieldContract::field)
                .containsExactly("id");
        assertThat(spec.labelSource("bought")).isEqualTo(spec.source("clicked"));
        assertThat(spec.withLabelSources()).isSameAs(spec);
    }
}

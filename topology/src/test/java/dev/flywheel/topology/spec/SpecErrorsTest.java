package dev.flywheel.topology.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** One test per class of problem; each asserts the problem names file, line and column. */
class SpecErrorsTest {

    /** A valid spec that the tests below break one line at a time. Line numbers are 1-based. */
    private static final String VALID = """
            project: fraud
            sources:
              - name: transactions
                key: card_id
                contract:
                  amount: {min: 0, max: 100}
              - {name: fraud_labels, key: card_id, timestamp: ts}
            feature_views:
              - name: card_spend
                source: transactions
                entity: card_id
                features:
                  - {name: n_1h, agg: count, window: 1h}
                  - {name: sum_1h, agg: sum, field: amount, window: 1h}
            labels:
              - {name: fraud_labels, key: card_id, field: is_fraud}
            monitors:
              - {name: drift, view: card_spend, window: 1000}
            models:
              - name: fraud_detector
                features: ["card_spend:n_1h"]
                label: fraud_labels
                tuning: {algorithm: tpe, metric: auc, max_trials: 4, parameters: {eta: {min: 0.01, max: 0.3}}}
                trainer: {backend: job, image: trainer:1}
            """;

    private static String problems(String yaml) {
        SpecException e = catchThrowableOfType(SpecException.class, () -> SpecLoader.parse("flywheel.yaml", yaml));
        assertThat(e).as("expected the spec to be rejected").isNotNull();
        return e.getMessage();
    }

    private static String replace(String line, String replacement) {
        assertThat(VALID).contains(line);
        return VALID.replace(line, replacement);
    }

    @Test
    void shouldAcceptTheBaseSpecOfTheseTests() {
        assertThat(SpecLoader.parse("flywheel.yaml", VALID).models()).hasSize(1);
    }

    @Test
    void shouldReportYamlSyntaxErrorWithLineAndColumn() {
        String message = problems(replace("    key: card_id\n", "    key: [card_id\n"));

        assertThat(message).contains("flywheel.yaml:5:").contains("YAML syntax error");
    }

    @Test
    void shouldReportWrongTypeWithLineAndColumn() {
        String message = problems(replace("  - {name: drift, view: card_spend, window: 1000}",
                "  - {name: drift, view: card_spend, window: 1000, drift_share: half}"));

        assertThat(message).contains("flywheel.yaml:18:64: monitors[0].drift_share: expected a number, got the string 'half'");
    }

    @Test
    void shouldReportListWhereMappingIsExpected() {
        String message = problems(replace("  amount: {min: 0, max: 100}", "  amount: [0, 100]"));

        assertThat(message).contains("flywheel.yaml:6:15: sources[0].contract.amount: expected a mapping, got a list");
    }

    @Test
    void shouldReportUnknownKeyWithClosestValidKey() {
        String message = problems(replace("{name: n_1h, agg: count, window: 1h}", "{name: n_1h, agg: count, windw: 1h}"));

        assertThat(message).contains(
                "flywheel.yaml:13:34: feature_views[0].features[0].windw: unknown key 'windw' (did you mean 'window'?)");
    }

    @Test
    void shouldReportUnknownKeyWithValidKeysWhenNothingIsClose() {
        String message = problems("bootstrap_servers: localhost:9092\n" + VALID);

        assertThat(message).contains("flywheel.yaml:1:1: bootstrap_servers: unknown key 'bootstrap_servers' "
                + "(expected one of project, sources, feature_views, labels, monitors, models)");
    }

    @Test
    void shouldReportMissingRequiredKeyAtItsMapping() {
        String message = problems(replace("    source: transactions\n", ""));

        assertThat(message).contains("flywheel.yaml:9:5: feature_views[0].source: missing required key 'source'");
    }

    @Test
    void shouldReportBadDuration() {
        String message = problems(replace("agg: count, window: 1h}", "agg: count, window: 1 hour}"));

        assertThat(message).contains("flywheel.yaml:13:42: feature_views[0].features[0].window: invalid duration "
                + "'1 hour' (expected a number with a unit ms, s, m, h or d, for example 500ms, 30s, 1h, 7d)");
    }

    @Test
    void shouldReportUnknownAggregationWithTheValidOnes() {
        String message = problems(replace("{name: sum_1h, agg: sum,", "{name: sum_1h, agg: mean,"));

        assertThat(message).contains("flywheel.yaml:14:29: feature_views[0].features[1].agg: unknown aggregation "
                + "'mean' (expected one of count, sum, avg, min, max, first, last, distinct_count, passthrough)");
    }

    @Test
    void shouldReportUnknownSourceOfView() {
        String message = problems(replace("    source: transactions", "    source: transaction"));

        assertThat(message).contains(
                "flywheel.yaml:10:13: feature_views[0].source: unknown source 'transaction' (did you mean 'transactions'?)");
    }

    @Test
    void shouldReportUnknownFeatureOfModel() {
        String message = problems(replace("features: [\"card_spend:n_1h\"]", "features: [\"card_spend:n_2h\"]"));

        assertThat(message).contains("flywheel.yaml:21:16: models[0].features[0]: view 'card_spend' has no feature "
                + "'n_2h' (did you mean 'n_1h'?)");
    }

    @Test
    void shouldReportUnknownLabelAndMonitorViewReferences() {
        String message = problems(replace("    label: fraud_labels", "    label: labels")
                .replace("view: card_spend, window", "view: spend, window"));

        assertThat(message).contains("flywheel.yaml:18:25: monitors[0].view: unknown feature view 'spend'")
                .contains("flywheel.yaml:22:12: models[0].label: unknown label 'labels'");
    }

    @Test
    void shouldReportMalformedFeatureReference() {
        String message = problems(replace("features: [\"card_spend:n_1h\"]", "features: [card_spend.n_1h]"));

        assertThat(message).contains("flywheel.yaml:21:16: models[0].features[0]: invalid feature reference "
                + "'card_spend.n_1h' (expected view:feature)");
    }

    @Test
    void shouldReportDuplicateNamePointingAtTheFirst() {
        String message = problems(replace("  - {name: sum_1h, agg: sum,", "  - {name: n_1h, agg: sum,"));

        assertThat(message).contains("flywheel.yaml:14:16: feature_views[0].features[1].name: duplicate feature name "
                + "'n_1h' (first used at feature_views[0].features[0])");
    }

    @Test
    void shouldReportDuplicateKeyInOneMapping() {
        String message = problems(replace("    key: card_id\n", "    key: card_id\n    key: id\n"));

        assertThat(message).contains("flywheel.yaml:5:5: sources[0].key: duplicate key 'key' (first given at line 4)");
    }

    @Test
    void shouldReportTopicUnsafeName() {
        String message = problems(replace("  - name: transactions\n", "  - name: trans actions\n")
                .replace("source: transactions", "source: trans actions"));

        assertThat(message).contains("flywheel.yaml:3:11: sources[0].name: invalid source name 'trans actions'");
    }

    @Test
    void shouldReportHopLongerThanWindow() {
        String message = problems(replace("agg: count, window: 1h}", "agg: count, window: 1h, hop: 2h}"));

        assertThat(message).contains("flywheel.yaml:13:51: feature_views[0].features[0].hop: hop 2h is longer than "
                + "the window 1h");
    }

    @Test
    void shouldReportNonPositiveWindow() {
        String message = problems(replace("agg: count, window: 1h}", "agg: count, window: 0s}"));

        assertThat(message).contains("flywheel.yaml:13:42: feature_views[0].features[0].window: must be positive");
    }

    @Test
    void shouldReportTuningMinAboveMax() {
        String message = problems(replace("{eta: {min: 0.01, max: 0.3}}", "{eta: {min: 0.5, max: 0.3}}"));

        assertThat(message).contains("flywheel.yaml:23:82: models[0].tuning.parameters.eta.min: min 0.5 is greater "
                + "than max 0.3");
    }

    @Test
    void shouldReportContractMinAboveMax() {
        String message = problems(replace("amount: {min: 0, max: 100}", "amount: {min: 200, max: 100}"));

        assertThat(message).contains("flywheel.yaml:6:21: sources[0].contract.amount.min: min 200.0 is greater than "
                + "max 100.0");
    }

    @Test
    void shouldReportSlideThatDoesNotDivideTheWindow() {
        String message = problems(replace("window: 1000}", "window: 1000, slide: 300}"));

        assertThat(message).contains("flywheel.yaml:18:58: monitors[0].slide: slide 300 must divide the window 1000");
    }

    @Test
    void shouldReportAJoinWindowOnAMonitorThatJoinsNothing() {
        String message = problems(replace("window: 1000}", "window: 1000, join_window: 2h}"));

        assertThat(message).contains("flywheel.yaml:18:64: monitors[0].join_window: 'join_window' applies only to "
                + "concept drift");
    }

    @Test
    void shouldReportNonPositiveJoinWindow() {
        String message = problems(replace("  - {name: drift, view: card_spend, window: 1000}",
                "  - {name: drift, predictions: {topic: p, key: card_id, field: score}, label: fraud_labels, "
                        + "window: 1000, join_window: 0s}"));

        assertThat(message).contains("flywheel.yaml:18:").contains("monitors[0].join_window: must be positive");
    }

    @Test
    void shouldReportKubernetesTrainerWithoutImage() {
        String message = problems(replace("    trainer: {backend: job, image: trainer:1}", "    trainer: {backend: job}"));

        assertThat(message).contains("flywheel.yaml:24:14: models[0].trainer.image: backend 'job' runs on Kubernetes");
    }

    @Test
    void shouldCollectEveryProblemOfShapeAndMeaningInFileOrder() {
        SpecException e = catchThrowableOfType(SpecException.class, () -> SpecLoader.parse("flywheel.yaml",
                replace("    key: card_id\n", "    key: card_id\n    kee: x\n")
                        .replace("agg: count, window: 1h}", "agg: count, window: soon}")
                        .replace("    label: fraud_labels", "    label: 7\n    labl: x")));

        assertThat(e.problems()).extracting(SpecProblem::line).containsExactly(5, 14, 23, 24);
        assertThat(e.problems()).extracting(SpecProblem::message).contains("unknown label '7' (expected one of "
                + "fraud_labels)");
        assertThat(e.getMessage()).startsWith("4 problems in the spec:");
    }

    @Test
    void shouldNotAddMeaningProblemsUnderAPartWhoseShapeIsWrong() {
        SpecException e = catchThrowableOfType(SpecException.class, () -> SpecLoader.parse("flywheel.yaml",
                replace("    source: transactions\n", "")));

        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .isEqualTo("missing required key 'source'"));
    }

    @Test
    void shouldReportZeroMaxTrialsOnceAndNotTheDefaultParallelDerivedFromIt() {
        SpecException e = catchThrowableOfType(SpecException.class, () -> SpecLoader.parse("flywheel.yaml",
                replace("max_trials: 4", "max_trials: 0")));

        assertThat(e.problems()).singleElement().hasToString(
                "flywheel.yaml:23:55: models[0].tuning.max_trials: must be at least 1, got 0");
    }

    @Test
    void shouldReportASourceWithoutNameOnceAndNotAlsoItsDefaultTopic() {
        SpecException e = catchThrowableOfType(SpecException.class, () -> SpecLoader.parse("flywheel.yaml",
                replace("  - name: transactions\n    key: card_id\n", "  - key: card_id\n")));

        assertThat(e.problems()).filteredOn(p -> p.path().startsWith("sources[")).singleElement().hasToString(
                "flywheel.yaml:3:5: sources[0].name: missing required key 'name'");
    }

    @Test
    void shouldReportASlideOfTheWrongKindAtTheSlide() {
        String message = problems(replace("window: 1000}", "window: 1000, slide: 5m}"));

        assertThat(message).contains("flywheel.yaml:18:58: monitors[0].slide: the window is a count of events, so "
                + "'slide' must be one too (a whole number), got the string '5m'");
    }

    @Test
    void shouldReportAWindowInScientificNotationAsNeitherCountNorDuration() {
        String message = problems(replace("window: 1000}", "window: 1e5}"));

        assertThat(message).contains("flywheel.yaml:18:45: monitors[0].window: expected a count of events (a whole "
                + "number such as 100000) or a duration such as 1h, got the number '1e5'");
    }

    @Test
    void shouldReportAnInvalidPredictionsTimestampField() {
        String message = problems(replace("  - {name: drift, view: card_spend, window: 1000}",
                "  - {name: drift, predictions: {topic: p, key: card_id, field: score, timestamp: event time}, "
                        + "window: 1000}"));

        assertThat(message).contains("flywheel.yaml:18:82: monitors[0].predictions.timestamp: invalid field name "
                + "'event time'");
    }

    @Test
    void shouldReportALabelAModelLearnsWithoutATimestamp() {
        String message = problems(replace("  - {name: fraud_labels, key: card_id, timestamp: ts}\n",
                "  # no source for the labels: they get an implicit one, without a timestamp\n"));

        assertThat(message).contains("flywheel.yaml:16:5: labels[0].timestamp: label 'fraud_labels' needs a "
                + "'timestamp' because model fraud_detector learns it: training joins each label with the features as "
                + "of its event time, read from that field (the offline tier does not keep Kafka record timestamps)");
    }

    @Test
    void shouldReportALabelWhoseSourceOfTheSameNameReadsAnotherTopic() {
        String message = problems(replace("  - {name: fraud_labels, key: card_id, timestamp: ts}",
                "  - {name: fraud_labels, topic: labels-v2, key: card_id, timestamp: ts}"));

        assertThat(message).contains("flywheel.yaml:16:5: labels[0].topic: source 'fraud_labels' reads topic "
                + "'labels-v2', not the label's 'fraud_labels': a label's records are its source's, so give both the "
                + "same topic, or rename the label");
    }

    @Test
    void shouldReportAPredictionMonitorWithoutModelWhenTheSpecHasTwoModels() {
        String message = problems(replace("  - {name: drift, view: card_spend, window: 1000}",
                "  - {name: drift, predictions: {topic: p, key: card_id, field: score}, window: 1000}")
                + "  - {name: second, features: [\"card_spend:sum_1h\"], label: fraud_labels}\n");

        assertThat(message).contains("flywheel.yaml:18:5: monitors[0]: whose predictions? models fraud_detector, "
                + "second are all in the spec, so name the 'model' (its champion's promotions move the reference)");
    }

    @Test
    void shouldReportAConceptMonitorWithoutModelWhenTwoModelsLearnItsLabel() {
        String message = problems(replace("  - {name: drift, view: card_spend, window: 1000}",
                "  - {name: drift, predictions: {topic: p, key: card_id, field: score}, label: fraud_labels}")
                + "  - {name: second, features: [\"card_spend:sum_1h\"], label: fraud_labels}\n");

        assertThat(message).contains("flywheel.yaml:18:5: monitors[0]: whose errors? models fraud_detector, second "
                + "all learn label 'fraud_labels', so name the 'model' whose promotions reset the detector");
    }

    @Test
    void shouldReportADataMonitorWithoutReferenceWhenTwoModelsReadItsView() {
        String message = problems(VALID + "  - {name: second, features: [\"card_spend:sum_1h\"], label: fraud_labels}\n");

        assertThat(message).contains("flywheel.yaml:18:5: monitors[0]: no reference data: models fraud_detector, "
                + "second all read view 'card_spend', so name the 'model' whose champion's training data is the "
                + "reference");
    }

    @Test
    void shouldAcceptAConceptMonitorWithoutAWindow() {
        FlywheelSpec spec = SpecLoader.parse("flywheel.yaml", replace("  - {name: drift, view: card_spend, window: 1000}",
                "  - {name: drift, predictions: {topic: p, key: card_id, field: score}, label: fraud_labels}"));

        assertThat(spec.monitors().get(0).window()).isEqualTo(MonitorSpec.CONCEPT_WINDOW);
    }

    @Test
    void shouldReportKeysAConceptMonitorWouldIgnore() {
        SpecException e = catchThrowableOfType(SpecException.class, () -> SpecLoader.parse("flywheel.yaml",
                replace("  - {name: drift, view: card_spend, window: 1000}", "  - {name: drift, predictions: {topic: p, "
                        + "key: card_id, field: score}, label: fraud_labels, method: psi, slide: 10, drift_share: 0.3}")));

        assertThat(e.problems()).extracting(SpecProblem::toString).containsExactly(
                "flywheel.yaml:18:101: monitors[0].method: a concept-drift monitor runs its 'detector' over the error "
                        + "rate, so 'method' does nothing there: remove it",
                "flywheel.yaml:18:113: monitors[0].slide: a concept-drift monitor runs its 'detector' over the error "
                        + "rate, so 'slide' does nothing there: remove it",
                "flywheel.yaml:18:130: monitors[0].drift_share: a concept-drift monitor runs its 'detector' over the "
                        + "error rate, so 'drift_share' does nothing there: remove it");
    }

    @Test
    void shouldReportADetectorOnAMonitorThatIsNotConceptDrift() {
        String message = problems(replace("window: 1000}", "window: 1000, detector: adwin}"));

        assertThat(message).contains("flywheel.yaml:18:61: monitors[0].detector: 'detector' applies only to concept "
                + "drift (a monitor of 'predictions' with a 'label'): remove it");
    }

    @Test
    void shouldReportADriftShareOnAPredictionMonitorOfOneField() {
        String message = problems(replace("  - {name: drift, view: card_spend, window: 1000}",
                "  - {name: drift, predictions: {topic: p, key: card_id, field: score}, window: 1000, drift_share: 0.3}"));

        assertThat(message).contains("flywheel.yaml:18:99: monitors[0].drift_share: a prediction-drift monitor "
                + "watches one field, so 'drift_share' (the share of drifted features) does nothing there: remove it");
    }

    @Test
    void shouldReportAPValueThresholdOfOneOrMore() {
        String message = problems(replace("window: 1000}", "window: 1000, method: ks, threshold: 1.5}"));

        assertThat(message).contains("flywheel.yaml:18:74: monitors[0].threshold: 'ks' drifts when its p-value is "
                + "below the threshold, so it must be in (0, 1), got 1.5");
    }

    @Test
    void shouldReportAPValueThresholdOfOneOrMoreInAFeatureOverride() {
        String message = problems(replace("window: 1000}",
                "window: 1000, features: {n_1h: {method: chi_square, threshold: 2}}}"));

        assertThat(message).contains("flywheel.yaml:18:100: monitors[0].features.n_1h.threshold: 'chi_square' drifts "
                + "when its p-value is below the threshold, so it must be in (0, 1), got 2.0");
    }

    @Test
    void shouldReportANonPositiveMinScoreOfOnDrift() {
        String message = problems(replace("    label: fraud_labels\n",
                "    label: fraud_labels\n    retrain: {on_drift: {min_score: 0}}\n"));

        assertThat(message).contains("flywheel.yaml:23:37: models[0].retrain.on_drift.min_score: must be positive, "
                + "got 0.0");
    }

    @Test
    void shouldAcceptKubernetesOnlyTrainerKeysAndTuningWithTheLocalBackend() {
        // given the Kubernetes trainer of the base spec switched to local, everything else kept
        String yaml = replace("    trainer: {backend: job, image: trainer:1}",
                "    trainer: {backend: local, image: trainer:1, gpu: 1, nodes: 2, runtime: torch, ttl_after_finished: 1h,"
                        + " secrets: {TOKEN: {secret: s, key: k}}}");

        // when
        ModelSpec model = SpecLoader.parse("flywheel.yaml", yaml).models().get(0);

        // then the local launcher ignores them, and the training trigger names them at start
        assertThat(model.trainer().kubernetesOnlyKeys())
                .containsExactly("image", "gpu", "nodes", "ttl_after_finished", "runtime", "secrets");
        assertThat(model.tuning()).isPresent();
    }

    @Test
    void shouldReportReservedAndClashingEnvironmentNames() {
        SpecException e = catchThrowableOfType(SpecException.class, () -> SpecLoader.parse("flywheel.yaml",
                replace("    trainer: {backend: job, image: trainer:1}", "    trainer: {backend: job, image: trainer:1, "
                        + "env: {FLYWHEEL_MODEL: x, TOKEN: a}, secrets: {TOKEN: {secret: s, key: k}}}")));

        assertThat(e.problems()).extracting(SpecProblem::toString).containsExactly(
                "flywheel.yaml:24:53: models[0].trainer.env.FLYWHEEL_MODEL: names starting with FLYWHEEL_ are reserved: "
                        + "Flywheel passes the job's inputs in them (FLYWHEEL_DATASET_URI, FLYWHEEL_OUTPUT_URI, "
                        + "FLYWHEEL_LABEL, ...)",
                "flywheel.yaml:24:93: models[0].trainer.secrets.TOKEN: 'TOKEN' is also set in 'env': set a variable in "
                        + "one place");
    }

    @Test
    void shouldReportARuntimeOutsideTrainJobAndAZeroTtlAfterFinished() {
        String message = problems(replace("    trainer: {backend: job, image: trainer:1}",
                "    trainer: {backend: job, image: trainer:1, runtime: torch, ttl_after_finished: 0s}"));

        assertThat(message).contains("flywheel.yaml:24:56: models[0].trainer.runtime: 'runtime' applies only to "
                        + "backend 'trainjob', so it does nothing with 'job': remove it")
                .contains("flywheel.yaml:24:83: models[0].trainer.ttl_after_finished: must be at least 1s (a job "
                        + "deleted as soon as it finishes can be gone before Flywheel reads how it ended), got 0s");
    }

    @Test
    void shouldReportTuningParameterKeysOfTheWrongTypeAndFractionalIntBounds() {
        SpecException e = catchThrowableOfType(SpecException.class, () -> SpecLoader.parse("flywheel.yaml",
                replace("{eta: {min: 0.01, max: 0.3}}", "{eta: {type: double, min: 0.01, max: 0.3, values: [1, 2]}, "
                        + "depth: {type: int, min: 1.5, max: 8}, booster: {values: [gbtree, dart], min: 1}}")));

        assertThat(e.problems()).extracting(SpecProblem::toString).containsExactly(
                "flywheel.yaml:23:120: models[0].tuning.parameters.eta.values: 'values' does nothing here (a double "
                        + "parameter ranges from 'min' to 'max'; for a list of choices leave out 'type' or use "
                        + "discrete): remove it",
                "flywheel.yaml:23:153: models[0].tuning.parameters.depth.min: an int parameter needs whole numbers, "
                        + "got 1.5",
                "flywheel.yaml:23:206: models[0].tuning.parameters.booster.min: 'min' does nothing here (a "
                        + "categorical parameter takes its choices from 'values'): remove it");
    }

    @Test
    void shouldReportAGridSearchOverADoubleWithoutStep() {
        String message = problems(replace("algorithm: tpe", "algorithm: grid"));

        assertThat(message).contains("flywheel.yaml:23:72: models[0].tuning.parameters.eta: grid search cannot "
                + "enumerate a continuous range: give this double parameter a 'step'");
    }

    @Test
    void shouldReportEmptyFile() {
        assertThat(problems("# nothing yet\n")).contains("flywheel.yaml:1:1: the file is empty");
    }

    @Test
    void shouldReportUnreadableFileByName() {
        SpecException e = catchThrowableOfType(SpecException.class,
                () -> SpecLoader.load(Path.of("no/such/flywheel.yaml")));

        assertThat(e.getMessage()).contains("no/such/flywheel.yaml: cannot read the file");
    }
}

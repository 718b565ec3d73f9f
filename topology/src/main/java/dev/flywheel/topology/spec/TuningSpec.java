package dev.flywheel.topology.spec;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Hyperparameter tuning of a model (a Katib Experiment on Kubernetes).
 *
 * @param algorithm the search algorithm
 * @param metric the objective metric name, as the trainer prints it
 * @param goal whether to maximize or minimize it
 * @param maxTrials the most trials
 * @param parallel trials run at once
 * @param maxFailed failed trials tolerated, if limited
 * @param parameters the tuned hyperparameters, at least one
 */
public record TuningSpec(TuningAlgorithm algorithm, String metric, Goal goal, int maxTrials, int parallel,
                         OptionalInt maxFailed, List<ParameterSpec> parameters) {

    /** Trials run at once when a spec does not say (Katib's default), or fewer if max_trials is smaller. */
    public static final int DEFAULT_PARALLEL = 3;

    /** Checks the parts are present and copies the list. */
    public TuningSpec {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(goal, "goal");
        Objects.requireNonNull(maxFailed, "maxFailed");
        parameters = List.copyOf(parameters);
    }
}

package dev.flywheel.topology.spec;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * When a new model version becomes champion.
 *
 * @param metric the metric compared
 * @param goal whether higher or lower is better
 * @param minGain the least improvement over the champion
 * @param auto whether promotion happens on its own (otherwise only by hand)
 */
public record PromotionSpec(String metric, Goal goal, double minGain, boolean auto) {

    private static final Set<String> LOWER_IS_BETTER = Set.of("loss", "logloss", "log_loss", "rmse", "mse", "mae",
            "error", "mape");

    /** Checks the parts are present. */
    public PromotionSpec {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(goal, "goal");
    }

    /**
     * Returns the goal of a well-known metric: minimize for losses and errors, maximize otherwise.
     *
     * @param metric the metric name
     * @return the goal a spec gets when it does not say
     */
    public static Goal defaultGoal(String metric) {
        return LOWER_IS_BETTER.contains(metric.toLowerCase(Locale.ROOT)) ? Goal.MINIMIZE : Goal.MAXIMIZE;
    }
}

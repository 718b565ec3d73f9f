package dev.flywheel.drift.stats;

import dev.flywheel.drift.profile.ReferenceProfile;
import dev.flywheel.schemas.events.FeatureKind;
import dev.flywheel.topology.spec.DriftMethod;
import dev.flywheel.topology.spec.FeatureOverride;
import dev.flywheel.topology.spec.MonitorSpec;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The method and threshold of one feature of a monitor: the feature's override, else the monitor's, and
 * {@code auto} resolved per column as Evidently does.
 *
 * <p>{@code auto}: a reference of at most {@value #SMALL_REFERENCE} values gets KS (numeric) or chi-square
 * (categorical); a larger one Wasserstein normed by std (numeric) or Jensen-Shannon distance (categorical).
 * Evidently uses a two-proportion Z-test for a binary categorical with a small reference; chi-square with one
 * degree of freedom is its square and gives the same two-sided p-value, so binary columns get chi-square here.
 * KS or Wasserstein chosen for the whole monitor leaves its categorical columns to {@code auto}; chosen for
 * one categorical feature by an override, it is refused.
 */
public final class MethodChoice {

    /** Largest reference size Evidently still calls small. */
    public static final long SMALL_REFERENCE = 1000;

    private MethodChoice() {
    }

    /**
     * A resolved choice.
     *
     * @param statistic the method
     * @param threshold its threshold
     */
    public record Choice(DriftStatistic statistic, double threshold) {
    }

    /**
     * Chooses for one feature.
     *
     * @param monitor the monitor
     * @param featureName the feature's name in the view (overrides are by name)
     * @param reference the feature's reference
     * @return the method and threshold
     * @throws IllegalArgumentException when the configured method does not apply to the feature's kind
     */
    public static Choice of(MonitorSpec monitor, String featureName, ReferenceProfile reference) {
        Optional<FeatureOverride> override = monitor.features().stream()
                .filter(feature -> feature.feature().equals(featureName)).findFirst();
        Optional<DriftMethod> own = override.flatMap(FeatureOverride::method);
        DriftMethod method = own.orElse(monitor.method());
        OptionalDouble threshold = override.map(FeatureOverride::threshold).filter(OptionalDouble::isPresent)
                .orElse(monitor.method() == method ? monitor.threshold() : OptionalDouble.empty());
        if (reference.kind() == FeatureKind.CATEGORICAL && (method == DriftMethod.KS || method == DriftMethod.WASSERSTEIN)) {
            if (own.isPresent()) {
                throw new IllegalArgumentException(reference.feature() + " is categorical: " + method
                        + " needs a numeric feature");
            }
            // A monitor-wide numeric method leaves the view's categoricals to auto, with auto's defaults.
            method = DriftMethod.AUTO;
            threshold = OptionalDouble.empty();
        }
        DriftStatistic statistic = DriftStatistic.of(resolve(method, reference));
        return new Choice(statistic, threshold.orElse(statistic.defaultThreshold()));
    }

    /**
     * Resolves {@code auto} for a reference; other methods are returned unchanged.
     *
     * @param method the configured method
     * @param reference the reference
     * @return a concrete method
     */
    public static DriftMethod resolve(DriftMethod method, ReferenceProfile reference) {
        if (method != DriftMethod.AUTO) {
            return method;
        }
        boolean small = reference.total() <= SMALL_REFERENCE;
        if (reference.kind() == FeatureKind.NUMERIC) {
            return small ? DriftMethod.KS : DriftMethod.WASSERSTEIN;
        }
        return small ? DriftMethod.CHI_SQUARE : DriftMethod.JENSEN_SHANNON;
    }
}

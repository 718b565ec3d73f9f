package dev.flywheel.topology.spec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A model Flywheel trains, retrains and promotes.
 *
 * @param name the model name
 * @param features the features it is trained on, at least one
 * @param label the label name it learns
 * @param trainer how its training job runs
 * @param tuning hyperparameter tuning, if any
 * @param retrain when it is retrained
 * @param promotion when a new version becomes champion; empty means only by hand
 */
public record ModelSpec(String name, List<FeatureRef> features, String label, TrainerSpec trainer,
                        Optional<TuningSpec> tuning, RetrainSpec retrain, Optional<PromotionSpec> promotion) {

    /** Checks the parts are present and copies the list. */
    public ModelSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(trainer, "trainer");
        Objects.requireNonNull(tuning, "tuning");
        Objects.requireNonNull(retrain, "retrain");
        Objects.requireNonNull(promotion, "promotion");
        features = List.copyOf(features);
    }

    /** Returns the names of the views the model's features come from, in first-use order, once each. */
    public List<String> views() {
        return features.stream().map(FeatureRef::view).distinct().toList();
    }
}

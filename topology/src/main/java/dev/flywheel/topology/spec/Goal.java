package dev.flywheel.topology.spec;

import java.util.Locale;

/** Whether a higher or a lower metric is better. */
public enum Goal implements SpecEnum {
    /** Higher is better (AUC, accuracy). */
    MAXIMIZE,
    /** Lower is better (loss, RMSE). */
    MINIMIZE;

    @Override
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

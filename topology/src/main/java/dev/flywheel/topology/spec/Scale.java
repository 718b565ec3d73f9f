package dev.flywheel.topology.spec;

import java.util.Locale;

/** How a numeric hyperparameter range is sampled. */
public enum Scale implements SpecEnum {
    /** Uniformly. */
    LINEAR,
    /** Uniformly in the logarithm; needs a positive minimum. */
    LOG;

    @Override
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

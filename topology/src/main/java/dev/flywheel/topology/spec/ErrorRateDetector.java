package dev.flywheel.topology.spec;

import java.util.Locale;

/** The change detector a concept-drift monitor runs over the model's error-rate stream. */
public enum ErrorRateDetector implements SpecEnum {
    /** Two-sided adaptive window (ADWIN-style). */
    ADWIN,
    /** Page-Hinkley test. */
    PAGE_HINKLEY;

    @Override
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package dev.flywheel.topology.spec;

import java.util.Locale;

/** The statistic a drift monitor compares a window with its reference by. */
public enum DriftMethod implements SpecEnum {
    /** Chosen per column by type and reference size, as Evidently does. */
    AUTO,
    /** Population stability index. */
    PSI,
    /** Kolmogorov-Smirnov test (numeric). */
    KS,
    /** Jensen-Shannon distance. */
    JENSEN_SHANNON,
    /** Wasserstein distance normed by the reference standard deviation (numeric). */
    WASSERSTEIN,
    /** Chi-square test (categorical). */
    CHI_SQUARE;

    @Override
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

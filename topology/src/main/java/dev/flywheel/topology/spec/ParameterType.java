package dev.flywheel.topology.spec;

import java.util.Locale;

/** The type of a tuned hyperparameter (Katib's {@code parameterType}). */
public enum ParameterType implements SpecEnum {
    /** A real number between min and max. */
    DOUBLE,
    /** An integer between min and max. */
    INT,
    /** One of a list of numbers. */
    DISCRETE,
    /** One of a list of words. */
    CATEGORICAL;

    @Override
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

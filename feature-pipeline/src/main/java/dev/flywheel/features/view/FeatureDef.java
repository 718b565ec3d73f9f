package dev.flywheel.features.view;

import dev.flywheel.topology.spec.Aggregation;
import dev.flywheel.topology.spec.FeatureSpec;
import java.util.Objects;
import java.util.Optional;

/**
 * One feature of a view, resolved against its source's schema: what it reads, as which type, and the
 * type of the value it produces.
 *
 * @param spec the feature as the spec declares it
 * @param inputType the type of the field it reads; empty for a {@code count} without a field
 * @param outputType the type of its value in {@code features.<view>}
 */
public record FeatureDef(FeatureSpec spec, Optional<ValueType> inputType, ValueType outputType) {

    /** Checks the parts are present. */
    public FeatureDef {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(inputType, "inputType");
        Objects.requireNonNull(outputType, "outputType");
    }

    /** Returns the feature name, which is also its field name in the output record. */
    public String name() {
        return spec.name();
    }

    /** Returns the aggregation. */
    public Aggregation aggregation() {
        return spec.aggregation();
    }

    /** Returns the source field it reads, if any. */
    public Optional<String> field() {
        return spec.field();
    }

    /**
     * Returns the output type of an aggregation over a field type.
     *
     * @param aggregation the aggregation
     * @param input the field type; null for a count without a field
     * @return the output type, or empty when the aggregation cannot read that type
     */
    static Optional<ValueType> outputType(Aggregation aggregation, ValueType input) {
        return switch (aggregation) {
            case COUNT, DISTINCT_COUNT -> Optional.of(ValueType.LONG);
            case SUM -> input != null && input.numeric()
                    ? Optional.of(input.integral() ? ValueType.LONG : ValueType.DOUBLE) : Optional.empty();
            case AVG -> input != null && input.numeric() ? Optional.of(ValueType.DOUBLE) : Optional.empty();
            case MIN, MAX, FIRST, LAST, PASSTHROUGH -> Optional.ofNullable(input);
        };
    }
}

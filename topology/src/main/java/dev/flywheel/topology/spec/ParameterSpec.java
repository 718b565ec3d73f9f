package dev.flywheel.topology.spec;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One tuned hyperparameter. Numeric types use {@code min}/{@code max}; list types use {@code values}.
 *
 * @param name the hyperparameter name
 * @param type its type
 * @param min the smallest value (numeric types)
 * @param max the largest value (numeric types)
 * @param scale how the range is sampled
 * @param step the grid step, if any (numeric types)
 * @param values the choices (discrete and categorical types), as text
 */
public record ParameterSpec(String name, ParameterType type, OptionalDouble min, OptionalDouble max, Scale scale,
                            OptionalDouble step, List<String> values) {

    /** Checks the parts are present and copies the list. */
    public ParameterSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(step, "step");
        values = List.copyOf(values);
    }
}

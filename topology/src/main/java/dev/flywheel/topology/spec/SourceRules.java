package dev.flywheel.topology.spec;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Checks sources; labels are in {@link LabelRules}. */
final class SourceRules {

    private final Check check;

    SourceRules(Check check) {
        this.check = check;
    }

    void check() {
        List<SourceSpec> sources = check.spec.sources();
        for (int i = 0; i < sources.size(); i++) {
            source("sources[" + i + "]", sources.get(i));
        }
    }

    private void source(String path, SourceSpec source) {
        check.name(path + ".name", source.name(), "source");
        topic(check, path, source.name(), source.topic());
        check.field(path + ".key", source.key());
        source.timestamp().ifPresent(ts -> check.field(path + ".timestamp", ts));
        for (FieldContract contract : source.contract()) {
            contract(path + ".contract." + contract.field(), contract);
        }
        check.positive(path + ".time_bounds.max_future_skew", source.timeBounds().maxFutureSkew());
        source.timeBounds().maxAge().ifPresent(age -> check.positive(path + ".time_bounds.max_age", age));
        source.dedupe().ifPresent(dedupe -> {
            check.field(path + ".dedupe.field", dedupe.field());
            check.positive(path + ".dedupe.window", dedupe.window());
        });
    }

    /** The topic defaults to the name: with neither written, the name's problem is the only one. */
    static void topic(Check check, String path, String name, String topic) {
        if (!(topic.isEmpty() && name.isEmpty())) {
            check.topic(path + ".topic", topic);
        }
    }

    private void contract(String path, FieldContract contract) {
        check.field(path, contract.field());
        if (contract.min().isPresent() && contract.max().isPresent()
                && contract.min().getAsDouble() > contract.max().getAsDouble()) {
            check.problem(path + ".min", "min " + contract.min().getAsDouble() + " is greater than max "
                    + contract.max().getAsDouble());
        }
        contract.minLength().ifPresent(min -> {
            if (min < 0) {
                check.problem(path + ".min_length", "must not be negative, got " + min);
            }
        });
        contract.maxLength().ifPresent(max -> {
            if (max < 0) {
                check.problem(path + ".max_length", "must not be negative, got " + max);
            } else if (contract.minLength().isPresent() && contract.minLength().getAsInt() > max) {
                check.problem(path + ".min_length", "min_length " + contract.minLength().getAsInt()
                        + " is greater than max_length " + max);
            }
        });
        contract.pattern().ifPresent(regex -> {
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                check.problem(path + ".pattern", "invalid regular expression: " + e.getDescription());
            }
        });
    }
}

package dev.flywheel.topology.spec;

import java.util.List;

/** Checks feature views. */
final class ViewRules {

    private final Check check;

    ViewRules(Check check) {
        this.check = check;
    }

    void check() {
        List<String> sources = check.spec.sources().stream().map(SourceSpec::name).toList();
        List<FeatureViewSpec> views = check.spec.featureViews();
        for (int i = 0; i < views.size(); i++) {
            String path = "feature_views[" + i + "]";
            FeatureViewSpec view = views.get(i);
            check.name(path + ".name", view.name(), "feature view");
            check.reference(path + ".source", view.source(), sources, "source");
            if (view.entities().isEmpty()) {
                check.problem(path + ".entity", "a view needs at least one entity key field");
            }
            view.entities().forEach(entity -> check.field(path + ".entity", entity));
            view.ttl().ifPresent(ttl -> check.positive(path + ".ttl", ttl));
            if (view.features().isEmpty()) {
                check.problem(path + ".features", "a view needs at least one feature");
            }
            check.unique(path + ".features", view.features(), FeatureSpec::name, ".name", "feature name");
            for (int f = 0; f < view.features().size(); f++) {
                feature(path + ".features[" + f + "]", view.features().get(f));
            }
        }
    }

    private void feature(String path, FeatureSpec feature) {
        check.featureName(path + ".name", feature.name());
        Aggregation agg = feature.aggregation();
        if (agg.needsField() && feature.field().isEmpty()) {
            check.problem(path + ".field", "aggregation '" + agg.yamlName() + "' needs a 'field'");
        }
        feature.field().ifPresent(field -> check.field(path + ".field", field));
        if (feature.window().isEmpty()) {
            return;
        }
        WindowSpec window = feature.window().get();
        if (agg == Aggregation.PASSTHROUGH) {
            check.problem(path + ".window", "a passthrough feature copies the latest value and takes no window");
        }
        check.positive(path + ".window", window.size());
        if (window.kind() == WindowKind.HOPPING) {
            check.positive(path + ".hop", window.hop());
            if (window.hop().compareTo(window.size()) > 0) {
                check.problem(path + ".hop", "hop " + Durations.format(window.hop()) + " is longer than the window "
                        + Durations.format(window.size()) + " (records between windows would be missed)");
            }
        }
    }
}

package dev.flywheel.features.dataset;

import java.util.Objects;

/**
 * A feature reference {@code view:feature}.
 *
 * @param view the feature view
 * @param feature the feature
 */
public record FeatureRef(String view, String feature) {

    /** Checks the parts. */
    public FeatureRef {
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(feature, "feature");
        if (view.isEmpty() || feature.isEmpty() || view.contains(":") || feature.contains(":")) {
            throw new IllegalArgumentException("feature reference must be 'view:feature', was '" + view + ":" + feature + "'");
        }
    }

    /** Parses {@code view:feature}. */
    public static FeatureRef parse(String ref) {
        int colon = ref.indexOf(':');
        if (colon <= 0 || colon == ref.length() - 1) {
            throw new IllegalArgumentException("feature reference must be 'view:feature', was '" + ref + "'");
        }
        return new FeatureRef(ref.substring(0, colon), ref.substring(colon + 1));
    }

    @Override
    public String toString() {
        return view + ":" + feature;
    }
}

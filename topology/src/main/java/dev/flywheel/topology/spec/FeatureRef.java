package dev.flywheel.topology.spec;

import java.util.Objects;
import java.util.Optional;

/**
 * A reference to a feature of a view, written {@code view:feature} as Feast writes it.
 *
 * @param view the view name
 * @param feature the feature name
 */
public record FeatureRef(String view, String feature) {

    /** Checks the parts are present. */
    public FeatureRef {
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(feature, "feature");
    }

    /**
     * Parses {@code view:feature}.
     *
     * @param text the reference
     * @return the reference, or empty when the text is not {@code view:feature}
     */
    public static Optional<FeatureRef> parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1 || text.indexOf(':', colon + 1) >= 0) {
            return Optional.empty();
        }
        return Optional.of(new FeatureRef(text.substring(0, colon), text.substring(colon + 1)));
    }

    /** Returns {@code view:feature}. */
    @Override
    public String toString() {
        return view + ":" + feature;
    }
}

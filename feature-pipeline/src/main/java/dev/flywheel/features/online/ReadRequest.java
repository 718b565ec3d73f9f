package dev.flywheel.features.online;

import java.util.List;
import java.util.Objects;

/**
 * Features of one view for some entities.
 *
 * @param view the view
 * @param features the feature names, in the order the answer should have
 * @param entities the entities, in the order the answer should have
 */
public record ReadRequest(String view, List<String> features, List<EntityKey> entities) {

    /** Checks the parts are present and copies the lists. */
    public ReadRequest {
        Objects.requireNonNull(view, "view");
        features = List.copyOf(features);
        entities = List.copyOf(entities);
    }
}

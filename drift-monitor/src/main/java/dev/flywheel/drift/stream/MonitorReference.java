package dev.flywheel.drift.stream;

import dev.flywheel.drift.profile.ReferenceProfile;
import dev.flywheel.drift.stats.MethodChoice;
import dev.flywheel.schemas.events.DatasetSnapshot;
import dev.flywheel.schemas.events.FeatureKind;
import dev.flywheel.schemas.events.FeatureProfile;
import dev.flywheel.topology.spec.MonitorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reference a monitor compares its windows with: the profiles of the watched view's features in one
 * {@code DatasetSnapshot}, each with its method and threshold, laid out one after the other so a record is a
 * set of indexes into one flat count vector.
 *
 * @param datasetId the snapshot's dataset id
 * @param causes event ids that chose it (the snapshot, and the promotion when there was one)
 * @param model the champion's model, when the reference came from one
 * @param version the champion's version, when it came from one
 * @param features the watched features, in profile order
 * @param width the number of bins of all features
 */
record MonitorReference(String datasetId, List<String> causes, Optional<String> model, Optional<Integer> version,
                        List<Feature> features, int width) {

    /**
     * One watched feature.
     *
     * @param name the feature name in the view
     * @param profile its reference
     * @param choice its method and threshold
     * @param offset its first bin in the flat vector
     */
    record Feature(String name, ReferenceProfile profile, MethodChoice.Choice choice, int offset) {
    }

    static MonitorReference of(MonitorSpec monitor, String view, DatasetSnapshot snapshot, List<String> causes,
                               Optional<String> model, Optional<Integer> version) {
        List<Feature> features = new ArrayList<>();
        int offset = 0;
        String prefix = view + ":";
        for (FeatureProfile profile : snapshot.getProfiles()) {
            if (!profile.getFeature().startsWith(prefix)) {
                continue;
            }
            ReferenceProfile reference = ReferenceProfile.of(profile);
            String name = profile.getFeature().substring(prefix.length());
            features.add(new Feature(name, reference, MethodChoice.of(monitor, name, reference), offset));
            offset += reference.bins();
        }
        return new MonitorReference(snapshot.getDatasetId(), List.copyOf(causes), model, version, List.copyOf(features),
                offset);
    }

    /**
     * Bins one observation.
     *
     * @param values feature name to value
     * @return each watched feature's flat bin, or -1 for a null or unusable value
     */
    int[] bins(Map<String, Object> values) {
        int[] bins = new int[features.size()];
        for (int i = 0; i < bins.length; i++) {
            Feature feature = features.get(i);
            Object value = values.get(feature.name());
            bins[i] = -1;
            if (value == null) {
                continue;
            }
            if (feature.profile().kind() == FeatureKind.CATEGORICAL) {
                bins[i] = feature.offset() + feature.profile().binOf(value instanceof Double number
                        && number == Math.rint(number) ? String.valueOf(number.longValue()) : value.toString());
            } else if (value instanceof Double number && !number.isNaN()) {
                bins[i] = feature.offset() + feature.profile().binOf(number);
            }
        }
        return bins;
    }
}

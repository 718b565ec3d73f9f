package dev.flywheel.registry.lineage;

import dev.flywheel.schemas.events.ModelVersion;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Walks a version's causes back, breadth first, through the index: the successful {@code TrainingJobStatus},
 * the {@code DatasetSnapshot}, the {@code TrainingRequested}, and stops at {@code DriftDetected} and
 * {@code DataAvailable}: their own causes (the reference dataset of an earlier champion) belong to an earlier
 * turn of the loop, and following them would walk the model's whole history. The walk is bounded.
 */
public final class LineageWalker {

    /** Event types the walk stops at. */
    public static final Set<String> ROOTS = Set.of("DriftDetected", "DataAvailable");
    /** The most events one walk visits. */
    public static final int MAX_EVENTS = 1000;

    private final Function<String, Optional<LineageNode>> index;

    /**
     * Creates a walker over an index.
     *
     * @param index looks up a node by event id or by {@link LineageNodes#requestKey} / {@link LineageNodes#datasetKey}
     */
    public LineageWalker(Function<String, Optional<LineageNode>> index) {
        this.index = index;
    }

    /** Returns the lineage of a version. */
    public Lineage walk(ModelVersion version) {
        Deque<String> queue = new ArrayDeque<>(version.getCauses());
        if (version.getRequestId() != null) {
            queue.add(LineageNodes.requestKey(version.getRequestId()));
        }
        if (version.getDatasetId() != null) {
            queue.add(LineageNodes.datasetKey(version.getDatasetId()));
        }
        Set<String> seen = new HashSet<>();
        List<LineageNode> events = new ArrayList<>();
        List<String> roots = new ArrayList<>();
        Set<String> missing = new LinkedHashSet<>();
        while (!queue.isEmpty() && events.size() < MAX_EVENTS) {
            String id = queue.poll();
            Optional<LineageNode> found = index.apply(id);
            if (found.isEmpty()) {
                missing.add(id);
                continue;
            }
            LineageNode node = found.get();
            if (!seen.add(node.eventId())) {
                continue;
            }
            events.add(node);
            if (ROOTS.contains(node.type())) {
                roots.add(node.eventId());
            } else {
                queue.addAll(node.causes());
            }
        }
        Set<String> features = new TreeSet<>(version.getFeatureRefs());
        Set<String> views = new TreeSet<>();
        for (LineageNode node : events) {
            String refs = node.attribute(LineageNodes.FEATURE_REFS);
            if (refs != null && node.type().equals("DatasetSnapshot")) {
                features.addAll(split(refs));
            }
            if (refs != null) {
                split(refs).forEach(ref -> views.add(viewOf(ref)));
            }
            boolean rawSource = "DataAvailable".equals(node.type()) && "SOURCE".equals(node.attribute("kind"));
            if (node.attribute("view") != null && !rawSource) {
                views.add(node.attribute("view"));
            }
        }
        features.forEach(ref -> views.add(viewOf(ref)));
        return new Lineage(version.getModel(), version.getVersion(), version.getArtifactUri(), version.getDatasetId(),
                version.getRequestId(), events, roots, List.copyOf(views), List.copyOf(features),
                List.copyOf(missing));
    }

    private static List<String> split(String refs) {
        return Arrays.stream(refs.split(",")).map(String::trim).filter(ref -> !ref.isEmpty()).toList();
    }

    private static String viewOf(String ref) {
        int colon = ref.indexOf(':');
        return colon < 0 ? ref : ref.substring(0, colon);
    }
}

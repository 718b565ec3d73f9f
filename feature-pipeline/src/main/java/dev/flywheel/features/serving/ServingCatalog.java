package dev.flywheel.features.serving;

import dev.flywheel.topology.spec.FeatureViewSpec;
import dev.flywheel.topology.spec.FlywheelSpec;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The feature views served, by name, and the project they belong to. */
public final class ServingCatalog {

    private final String project;
    private final Map<String, ServingView> views;

    /**
     * A catalogue.
     *
     * @param project the Feast project
     * @param views the views
     */
    public ServingCatalog(String project, Collection<ServingView> views) {
        this.project = Objects.requireNonNull(project, "project");
        Map<String, ServingView> byName = new LinkedHashMap<>();
        for (ServingView view : views) {
            if (byName.put(view.name(), view) != null) {
                throw new IllegalArgumentException("feature view " + view.name() + " twice");
            }
        }
        this.views = Map.copyOf(byName);
    }

    /**
     * The catalogue of a spec: its project and every feature view.
     *
     * @param spec the pipeline spec
     * @param types the stored type of each entity
     * @return the catalogue
     */
    public static ServingCatalog of(FlywheelSpec spec, EntityTypes types) {
        return new ServingCatalog(spec.project(), spec.featureViews().stream()
                .map((FeatureViewSpec view) -> ServingView.of(view, types)).toList());
    }

    /** The project. */
    public String project() {
        return project;
    }

    /**
     * The view of this name.
     *
     * @throws ServingException NOT_FOUND when there is none
     */
    public ServingView view(String name) {
        ServingView view = views.get(name);
        if (view == null) {
            throw new ServingException(ServingException.Kind.NOT_FOUND, "no feature view '" + name + "' in project " + project);
        }
        return view;
    }
}

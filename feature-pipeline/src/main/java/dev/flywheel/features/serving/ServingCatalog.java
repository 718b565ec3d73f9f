package dev.flywheel.features.serving;

import dev.flywheel.topology.spec.FeatureViewSpec;
import dev.flywheel.topology.spec.FlywheelSpec;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The feature views served, by name, and the project they belong to. A catalogue made from a spec resolves each
 * view's entity types on first use and keeps them once known: a view whose types cannot be known yet (its
 * {@code features.<view>} schema not registered) fails that request only, with the {@link EntityTypes}' error, and
 * is tried again on the next one.
 */
public final class ServingCatalog {

    private final String project;
    private final Map<String, ServingView> views;
    private final Map<String, FeatureViewSpec> unresolved;
    private final EntityTypes types;

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
        this.views = new ConcurrentHashMap<>(byName);
        this.unresolved = Map.of();
        this.types = null;
    }

    private ServingCatalog(String project, Map<String, FeatureViewSpec> unresolved, EntityTypes types) {
        this.project = Objects.requireNonNull(project, "project");
        this.views = new ConcurrentHashMap<>();
        this.unresolved = Map.copyOf(unresolved);
        this.types = Objects.requireNonNull(types, "types");
    }

    /**
     * The catalogue of a spec: its project and every feature view, each resolved against {@code types} on first
     * use.
     *
     * @param spec the pipeline spec
     * @param types the stored type of each entity; may throw a {@link ServingException} (UNAVAILABLE) while a
     *     view's types cannot be known yet
     * @return the catalogue
     */
    public static ServingCatalog of(FlywheelSpec spec, EntityTypes types) {
        Map<String, FeatureViewSpec> byName = new LinkedHashMap<>();
        spec.featureViews().forEach(view -> byName.put(view.name(), view));
        return new ServingCatalog(spec.project(), byName, types);
    }

    /** The project. */
    public String project() {
        return project;
    }

    /**
     * The view of this name.
     *
     * @throws ServingException NOT_FOUND when there is none; UNAVAILABLE (from {@link EntityTypes}) while its entity
     *     types cannot be known yet; INTERNAL when its stored entity types are not servable
     */
    public ServingView view(String name) {
        ServingView view = views.get(name);
        if (view != null) {
            return view;
        }
        FeatureViewSpec spec = unresolved.get(name);
        if (spec == null) {
            throw new ServingException(ServingException.Kind.NOT_FOUND, "no feature view '" + name + "' in project " + project);
        }
        try {
            return views.computeIfAbsent(name, n -> ServingView.of(spec, types));
        } catch (IllegalArgumentException e) {
            throw new ServingException(ServingException.Kind.INTERNAL, "feature view " + name + ": " + e.getMessage(), e);
        }
    }
}

package dev.flywheel.features.view;

import dev.flywheel.topology.spec.Aggregation;
import dev.flywheel.topology.spec.FeatureSpec;
import dev.flywheel.topology.spec.FeatureViewSpec;
import dev.flywheel.topology.spec.SourceSpec;
import dev.flywheel.topology.spec.WindowSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * A feature view resolved against its source's record schema: typed entity fields and features, the
 * features grouped by window, the state store, and the generated output schema. This is what
 * {@link FeatureViewTopology#buildTopology} builds from.
 *
 * @param spec the view as the spec declares it
 * @param source the view's source
 * @param entities the entity key fields, in the view's order
 * @param features every feature, in the view's order
 * @param windows the windowed features, one group per distinct window, in order of first appearance
 * @param unwindowed the features without a window (all-time aggregates and passthrough fields)
 * @param outputSchema the value schema of {@code features.<view>}
 */
public record ResolvedView(FeatureViewSpec spec, SourceSpec source, List<EntityField> entities,
                           List<FeatureDef> features, List<WindowGroup> windows, List<FeatureDef> unwindowed,
                           Schema outputSchema) {

    /** Checks the parts are present and copies the lists. */
    public ResolvedView {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(outputSchema, "outputSchema");
        entities = List.copyOf(entities);
        features = List.copyOf(features);
        windows = List.copyOf(windows);
        unwindowed = List.copyOf(unwindowed);
    }

    /**
     * Resolves a view against the schema of its source's records.
     *
     * @param view the view
     * @param source its source
     * @param sourceSchema the record schema of the source (the latest registered, or its reader schema)
     * @return the resolved view
     * @throws IllegalArgumentException naming every field that is missing or of an unsupported type
     */
    public static ResolvedView of(FeatureViewSpec view, SourceSpec source, Schema sourceSchema) {
        if (!view.source().equals(source.name())) {
            throw new IllegalArgumentException("view " + view.name() + " reads source " + view.source() + ", not "
                    + source.name());
        }
        List<String> problems = new ArrayList<>();
        List<EntityField> entities = new ArrayList<>();
        for (String entity : view.entities()) {
            ValueType type = fieldType(sourceSchema, entity, problems);
            if (type != null && type != ValueType.STRING && !type.integral()) {
                problems.add("entity field '" + entity + "' is " + type + ": entity keys must be string, int or long");
            } else if (type != null) {
                entities.add(new EntityField(entity, type));
            }
        }
        source.timestamp().ifPresent(ts -> EventTimeExtractor.check(sourceSchema, ts, problems));
        List<FeatureDef> features = new ArrayList<>();
        for (FeatureSpec feature : view.features()) {
            resolve(feature, sourceSchema, problems).ifPresent(features::add);
            if (view.entities().contains(feature.name()) || feature.name().equals(FeatureSchemas.EVENT_TIMESTAMP)
                    || feature.name().equals(FeatureSchemas.CREATED)) {
                problems.add("feature '" + feature.name() + "' has the name of a field every row carries");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("feature view " + view.name() + " does not fit the schema "
                    + sourceSchema.getFullName() + " of source " + source.name() + ": " + String.join("; ", problems));
        }
        Map<WindowSpec, List<FeatureDef>> byWindow = new LinkedHashMap<>();
        List<FeatureDef> unwindowed = new ArrayList<>();
        for (FeatureDef feature : features) {
            feature.spec().window().ifPresentOrElse(
                    window -> byWindow.computeIfAbsent(window, w -> new ArrayList<>()).add(feature),
                    () -> unwindowed.add(feature));
        }
        List<WindowGroup> windows = new ArrayList<>();
        byWindow.forEach((window, members) -> windows.add(WindowGroup.of(window, members, view.grace())));
        return new ResolvedView(view, source, entities, features, windows, unwindowed,
                FeatureSchemas.valueSchema(view.name(), entities, features));
    }

    /** Returns the view name. */
    public String name() {
        return spec.name();
    }

    /**
     * Whether {@code <source>.valid} is already partitioned by this view's entity, so the view needs no
     * repartition: true exactly when the view has one entity field and it is the source's {@code key} field.
     * The ingestion stage keeps the producers' key, and {@code key} names the field that key is made of, so
     * records of one entity share a partition. Any other entity (another field, several fields) is
     * repartitioned by entity first.
     */
    public boolean keyedBySource() {
        return spec.entities().equals(List.of(source.key()));
    }

    /**
     * Returns the name of the view's one key-value store: per entity, its whole {@code EntityState} (latest event
     * time, all-time features, and the slices of every window). Its changelog is
     * {@code <application.id>-features-<view>-state-changelog}. (Views before issue #4 had a store
     * {@code features-<view>-entities} and one window store per window: see DESIGN.md, "Upgrading".)
     */
    public String stateStoreName() {
        return "features-" + spec.name() + "-state";
    }

    private static Optional<FeatureDef> resolve(FeatureSpec feature, Schema sourceSchema, List<String> problems) {
        Aggregation aggregation = feature.aggregation();
        ValueType input = null;
        if (feature.field().isPresent()) {
            input = fieldType(sourceSchema, feature.field().get(), problems);
            if (input == null) {
                return Optional.empty();
            }
        } else if (aggregation.needsField()) {
            problems.add("feature '" + feature.name() + "' (" + aggregation.yamlName() + ") needs a field");
            return Optional.empty();
        }
        Optional<ValueType> output = FeatureDef.outputType(aggregation, input);
        if (output.isEmpty()) {
            problems.add("feature '" + feature.name() + "': " + aggregation.yamlName() + " cannot read field '"
                    + feature.field().orElse("") + "' of type " + input);
            return Optional.empty();
        }
        return Optional.of(new FeatureDef(feature, Optional.ofNullable(input), output.get()));
    }

    private static ValueType fieldType(Schema schema, String name, List<String> problems) {
        Schema.Field field = schema.getField(name);
        if (field == null) {
            problems.add("no field '" + name + "'");
            return null;
        }
        ValueType type = ValueType.of(field.schema());
        if (type == null) {
            problems.add("field '" + name + "' has type " + field.schema() + " (supported: string, enum, int, long, "
                    + "float, double, boolean, each optionally nullable)");
        }
        return type;
    }
}

package dev.flywheel.features.view;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * The value schema of {@code features.<view>}, generated from the view, registered under
 * {@code features.<view>-value}. Fields, in this order:
 *
 * <ol>
 *   <li>one per entity field, same name, the source field's type ({@code string}, {@code int} or
 *       {@code long}), never null;</li>
 *   <li>{@code event_timestamp}: {@code long} {@code timestamp-millis}, the event time the row is as of
 *       (the latest event time of the entity, see DESIGN.md);</li>
 *   <li>{@code created}: {@code long} {@code timestamp-millis}, when the row was computed (processing
 *       time);</li>
 *   <li>one per feature, named as the feature, {@code ["null", T]} with default null, T one of
 *       {@code long int double float string boolean}.</li>
 * </ol>
 * Adding a feature therefore adds a nullable field with a null default: a BACKWARD (and FORWARD)
 * compatible change.
 */
public final class FeatureSchemas {

    /** Namespace of the generated records. */
    public static final String NAMESPACE = "dev.flywheel.features";
    /** Field with the event time the features are as of. */
    public static final String EVENT_TIMESTAMP = "event_timestamp";
    /** Field with the processing time the row was computed at. */
    public static final String CREATED = "created";

    private FeatureSchemas() {
    }

    /**
     * Generates the value schema of a view.
     *
     * @param view the view name (the record is named after it, {@code -} read as {@code _})
     * @param entities the entity fields and their types, in the view's order
     * @param features the features, in the view's order
     * @return the record schema
     */
    public static Schema valueSchema(String view, List<EntityField> entities, List<FeatureDef> features) {
        List<Schema.Field> fields = new ArrayList<>();
        for (EntityField entity : entities) {
            fields.add(new Schema.Field(entity.name(), entity.type().schema(), "entity key field"));
        }
        fields.add(new Schema.Field(EVENT_TIMESTAMP, timestampMillis(), "event time the features are as of"));
        fields.add(new Schema.Field(CREATED, timestampMillis(), "processing time the row was computed at"));
        for (FeatureDef feature : features) {
            Schema nullable = Schema.createUnion(Schema.create(Schema.Type.NULL), feature.outputType().schema());
            fields.add(new Schema.Field(feature.name(), nullable, describe(feature), JsonProperties.NULL_VALUE));
        }
        return Schema.createRecord(view.replace('-', '_'), "Features of view " + view, NAMESPACE, false, fields);
    }

    /**
     * Returns the registry subject of a features topic's values (topic name strategy).
     *
     * @param topic the features topic name
     * @return {@code <topic>-value}
     */
    public static String subject(String topic) {
        return topic + "-value";
    }

    private static Schema timestampMillis() {
        return LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
    }

    private static String describe(FeatureDef feature) {
        String text = feature.aggregation().yamlName() + feature.field().map(f -> " of " + f).orElse("");
        return feature.spec().window().map(w -> text + " over a " + w.kind().yamlName() + " window of "
                + w.size().toMillis() + " ms" + (w.hop().equals(w.size()) ? "" : " hopping every " + w.hop().toMillis()
                + " ms")).orElse(text);
    }
}

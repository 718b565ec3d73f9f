package dev.flywheel.features.view;

import dev.flywheel.schemas.ReasonCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * The entity of a source record, or why it has none: the checks every view makes before a record may be
 * keyed or aggregated. Shared by {@link EntityKeyProcessor} (before a repartition) and
 * {@link FeatureViewProcessor}, so a record is refused with the same reason wherever it is refused.
 */
sealed interface EntityOf {

    /**
     * The record belongs to an entity.
     *
     * @param key the entity key text ({@link EntityKeys#join})
     * @param values the typed entity field values, in the view's entity order
     */
    record Found(String key, List<Object> values) implements EntityOf {
        /** Copies the values. */
        public Found {
            values = List.copyOf(values);
        }
    }

    /**
     * The record cannot be placed.
     *
     * @param reason the DLQ reason code
     * @param message what is wrong
     * @param field the offending field, if one
     */
    record Refused(String reason, String message, Optional<String> field) implements EntityOf {
    }

    /**
     * Checks a source record: a value, every entity field present and of the view's type, the event-time
     * field (when the source has one) present and not negative.
     */
    static EntityOf of(ResolvedView view, GenericRecord value) {
        if (value == null) {
            return new Refused(ReasonCodes.NULL_VALUE, "the record has no value", Optional.empty());
        }
        List<String> keyParts = new ArrayList<>();
        List<Object> keyValues = new ArrayList<>();
        for (EntityField entity : view.entities()) {
            Object part;
            try {
                part = entity.type().normalize(field(value, entity.name()));
            } catch (IllegalArgumentException wrongType) {
                return new Refused(ReasonCodes.INCOMPATIBLE_SCHEMA, "entity field '" + entity.name() + "': "
                        + wrongType.getMessage(), Optional.of(entity.name()));
            }
            if (part == null) {
                return new Refused(ReasonCodes.CONTRACT_REQUIRED, "entity field '" + entity.name()
                        + "' is null or missing", Optional.of(entity.name()));
            }
            keyParts.add(part.toString());
            keyValues.add(part);
        }
        Optional<String> timestampField = view.source().timestamp();
        if (timestampField.isPresent() && EventTimeExtractor.read(value, timestampField.get()).isEmpty()) {
            return new Refused(ReasonCodes.CONTRACT_REQUIRED, "timestamp field '" + timestampField.get()
                    + "' is null, missing or negative", timestampField);
        }
        return new Found(EntityKeys.join(keyParts), keyValues);
    }

    /** A field of the record; null when its writer schema does not have it. */
    static Object field(GenericRecord value, String name) {
        Schema.Field field = value.getSchema().getField(name);
        return field == null ? null : value.get(field.pos());
    }
}

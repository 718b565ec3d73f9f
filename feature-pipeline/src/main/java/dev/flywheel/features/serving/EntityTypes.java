package dev.flywheel.features.serving;

import feast.proto.types.ValueProto.ValueType;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.Schema;

/**
 * Where serving learns the stored type of each entity: the spec names entities but not their types, which come
 * from the source records and so from the {@code features.<view>} value schema.
 */
@FunctionalInterface
public interface EntityTypes {

    /**
     * The stored type of an entity of a view.
     *
     * @param view the view
     * @param entity the join key
     * @return {@code STRING}, {@code INT32}, {@code INT64} or {@code BYTES}
     * @throws IllegalArgumentException when it cannot be known
     */
    ValueType.Enum typeOf(String view, String entity);

    /** Types by join key name, the same in every view. */
    static EntityTypes of(Map<String, ValueType.Enum> byEntity) {
        Map<String, ValueType.Enum> copy = Map.copyOf(byEntity);
        return (view, entity) -> {
            ValueType.Enum type = copy.get(entity);
            if (type == null) {
                throw new IllegalArgumentException("no type known for entity '" + entity + "' of view " + view);
            }
            return type;
        };
    }

    /**
     * Types read from each view's {@code features.<view>} value schema: Avro string is STRING, int is INT32,
     * long is INT64, bytes is BYTES.
     *
     * @param schemaOfView the value schema of a view (e.g. the latest registered under {@code features.<view>-value})
     */
    static EntityTypes fromAvro(Function<String, Schema> schemaOfView) {
        return (view, entity) -> {
            Schema.Field field = schemaOfView.apply(view).getField(entity);
            if (field == null) {
                throw new IllegalArgumentException("the record of view " + view + " has no entity field '" + entity + "'");
            }
            Schema schema = field.schema();
            if (schema.getType() == Schema.Type.UNION) {
                schema = schema.getTypes().stream().filter(branch -> branch.getType() != Schema.Type.NULL)
                        .findFirst().orElse(schema);
            }
            return switch (schema.getType()) {
                case STRING -> ValueType.Enum.STRING;
                case INT -> ValueType.Enum.INT32;
                case LONG -> ValueType.Enum.INT64;
                case BYTES -> ValueType.Enum.BYTES;
                default -> throw new IllegalArgumentException("entity field '" + entity + "' of view " + view
                        + " is " + schema.getType() + "; entities are string, int, long or bytes");
            };
        };
    }
}

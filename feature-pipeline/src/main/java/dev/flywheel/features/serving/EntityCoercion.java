package dev.flywheel.features.serving;

import dev.flywheel.features.online.FeastValues;
import feast.proto.types.ValueProto.Value;
import feast.proto.types.ValueProto.ValueType;

/**
 * Brings a requested entity value to the type the entity is stored with, before the key is built: Feast
 * clients send whatever Java or Python type the caller had ({@code Row.set("id", 1)} sends int32), while the
 * key bytes depend on the type. Integers convert both ways when the value fits; strings and bytes never convert.
 */
public final class EntityCoercion {

    private EntityCoercion() {
    }

    /**
     * Coerces one value.
     *
     * @param entity the entity, for messages
     * @param value the requested value
     * @param declared the stored type
     * @return the value in the stored type
     * @throws ServingException INVALID_ARGUMENT when it cannot be converted
     */
    public static Value coerce(String entity, Value value, ValueType.Enum declared) {
        switch (declared) {
            case INT64 -> {
                if (value.getValCase() == Value.ValCase.INT64_VAL) {
                    return value;
                }
                if (value.getValCase() == Value.ValCase.INT32_VAL) {
                    return Value.newBuilder().setInt64Val(value.getInt32Val()).build();
                }
            }
            case INT32 -> {
                if (value.getValCase() == Value.ValCase.INT32_VAL) {
                    return value;
                }
                if (value.getValCase() == Value.ValCase.INT64_VAL) {
                    long wide = value.getInt64Val();
                    if (wide < Integer.MIN_VALUE || wide > Integer.MAX_VALUE) {
                        throw invalid(entity, "value " + wide + " does not fit its INT32 type");
                    }
                    return Value.newBuilder().setInt32Val((int) wide).build();
                }
            }
            case STRING -> {
                if (value.getValCase() == Value.ValCase.STRING_VAL) {
                    return value;
                }
            }
            case BYTES -> {
                if (value.getValCase() == Value.ValCase.BYTES_VAL) {
                    return value;
                }
            }
            default -> throw invalid(entity, "has the unsupported type " + declared);
        }
        throw invalid(entity, "is " + declared + " but the request sent " + FeastValues.typeOf(value));
    }

    private static ServingException invalid(String entity, String problem) {
        return new ServingException(ServingException.Kind.INVALID_ARGUMENT, "entity '" + entity + "' " + problem);
    }
}

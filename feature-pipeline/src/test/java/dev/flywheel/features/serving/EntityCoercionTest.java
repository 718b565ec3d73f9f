package dev.flywheel.features.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import feast.proto.types.ValueProto.Value;
import feast.proto.types.ValueProto.ValueType;
import org.junit.jupiter.api.Test;

class EntityCoercionTest {

    @Test
    void shouldWidenInt32ToDeclaredInt64() {
        Value coerced = EntityCoercion.coerce("driver_id", Value.newBuilder().setInt32Val(1001).build(), ValueType.Enum.INT64);

        assertThat(coerced).isEqualTo(Value.newBuilder().setInt64Val(1001).build());
    }

    @Test
    void shouldNarrowInt64ToDeclaredInt32WhenItFits() {
        Value coerced = EntityCoercion.coerce("id", Value.newBuilder().setInt64Val(-5).build(), ValueType.Enum.INT32);

        assertThat(coerced).isEqualTo(Value.newBuilder().setInt32Val(-5).build());
    }

    @Test
    void shouldRejectInt64ThatDoesNotFitInt32() {
        ServingException e = catchThrowableOfType(ServingException.class,
                () -> EntityCoercion.coerce("id", Value.newBuilder().setInt64Val(1L << 40).build(), ValueType.Enum.INT32));

        assertThat(e.kind()).isEqualTo(ServingException.Kind.INVALID_ARGUMENT);
    }

    @Test
    void shouldRejectStringForIntegerEntityAndIntegerForStringEntity() {
        ServingException toInt = catchThrowableOfType(ServingException.class,
                () -> EntityCoercion.coerce("id", Value.newBuilder().setStringVal("1").build(), ValueType.Enum.INT64));
        ServingException toString = catchThrowableOfType(ServingException.class,
                () -> EntityCoercion.coerce("card", Value.newBuilder().setInt64Val(1).build(), ValueType.Enum.STRING));

        assertThat(toInt.kind()).isEqualTo(ServingException.Kind.INVALID_ARGUMENT);
        assertThat(toInt).hasMessageContaining("INT64").hasMessageContaining("STRING");
        assertThat(toString.kind()).isEqualTo(ServingException.Kind.INVALID_ARGUMENT);
    }

    @Test
    void shouldRejectMissingValue() {
        ServingException e = catchThrowableOfType(ServingException.class,
                () -> EntityCoercion.coerce("id", Value.getDefaultInstance(), ValueType.Enum.INT64));

        assertThat(e).hasMessageContaining("NULL");
    }
}

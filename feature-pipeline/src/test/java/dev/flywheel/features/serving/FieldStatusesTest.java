package dev.flywheel.features.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.features.online.FeastValues;
import feast.proto.serving.ServingAPIProto.FieldStatus;
import feast.proto.types.ValueProto.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FieldStatusesTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final Optional<Duration> HOUR = Optional.of(Duration.ofHours(1));
    private static final Optional<Value> SEVEN = Optional.of(Value.newBuilder().setInt64Val(7).build());

    @Test
    void shouldBePresentForAFreshValue() {
        assertThat(FieldStatuses.decide(Optional.of(NOW.minusSeconds(60)), SEVEN, NOW, HOUR)).isEqualTo(FieldStatus.PRESENT);
    }

    @Test
    void shouldBeNotFoundWithoutRowOrField() {
        assertThat(FieldStatuses.decide(Optional.empty(), Optional.empty(), NOW, HOUR)).isEqualTo(FieldStatus.NOT_FOUND);
        assertThat(FieldStatuses.decide(Optional.of(NOW), Optional.empty(), NOW, HOUR)).isEqualTo(FieldStatus.NOT_FOUND);
    }

    @Test
    void shouldBeNullValueForAStoredNull() {
        assertThat(FieldStatuses.decide(Optional.of(NOW), Optional.of(FeastValues.NULL), NOW, HOUR)).isEqualTo(FieldStatus.NULL_VALUE);
    }

    @Test
    void shouldStillBePresentAtExactlyMaxAge() {
        assertThat(FieldStatuses.decide(Optional.of(NOW.minus(Duration.ofHours(1))), SEVEN, NOW, HOUR)).isEqualTo(FieldStatus.PRESENT);
    }

    @Test
    void shouldBeOutsideMaxAgeOneMillisecondPastIt() {
        Instant old = NOW.minus(Duration.ofHours(1)).minusMillis(1);

        assertThat(FieldStatuses.decide(Optional.of(old), SEVEN, NOW, HOUR)).isEqualTo(FieldStatus.OUTSIDE_MAX_AGE);
        assertThat(FieldStatuses.decide(Optional.of(old), Optional.of(FeastValues.NULL), NOW, HOUR))
                .as("age wins over null, as in Feast").isEqualTo(FieldStatus.OUTSIDE_MAX_AGE);
    }

    @Test
    void shouldNeverExpireWithoutMaxAge() {
        assertThat(FieldStatuses.decide(Optional.of(Instant.EPOCH), SEVEN, NOW, Optional.empty())).isEqualTo(FieldStatus.PRESENT);
    }
}

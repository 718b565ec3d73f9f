package dev.flywheel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimeArgumentTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void shouldReadAnInstant() {
        assertThat(TimeArgument.parse("2026-11-30T10:15:30Z", CLOCK)).isEqualTo(Instant.parse("2026-11-30T10:15:30Z"));
    }

    @Test
    void shouldReadDateTimeAndDateAsUtc() {
        assertThat(TimeArgument.parse("2026-11-30T10:15", CLOCK)).isEqualTo(Instant.parse("2026-11-30T10:15:00Z"));
        assertThat(TimeArgument.parse("2026-11-29", CLOCK)).isEqualTo(Instant.parse("2026-11-29T00:00:00Z"));
    }

    @Test
    void shouldReadDurationAsThatLongAgo() {
        assertThat(TimeArgument.parse("90m", CLOCK)).isEqualTo(NOW.minusSeconds(5400));
        assertThat(TimeArgument.parse("1d", CLOCK)).isEqualTo(NOW.minusSeconds(86_400));
    }

    @Test
    void shouldNameTheAcceptedFormsWhenUnreadable() {
        assertThatThrownBy(() -> TimeArgument.parse("yesterday", CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'yesterday' is not a time").hasMessageContaining("2026-11-30T10:00:00Z");
    }
}

package dev.flywheel.cli;

import dev.flywheel.topology.spec.Durations;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A point in time given on the command line: an ISO-8601 instant ({@code 2026-11-30T10:00:00Z}), a
 * date-time or a date read as UTC ({@code 2026-11-30T10:00}, {@code 2026-11-30}), or a duration ago
 * ({@code 90m}, {@code 2h}, {@code 7d}).
 */
final class TimeArgument {

    /** What the accepted forms look like, for help texts and error messages. */
    static final String FORMS = "an instant (2026-11-30T10:00:00Z), a UTC date-time or date (2026-11-30T10:00, "
            + "2026-11-30), or a duration ago (90m, 2h, 7d)";

    private TimeArgument() {
    }

    /**
     * Parses a time argument.
     *
     * @param text the argument
     * @param clock what "ago" counts back from
     * @return the instant
     * @throws IllegalArgumentException naming the accepted forms
     */
    static Instant parse(String text, Clock clock) {
        String value = text.trim();
        Optional<java.time.Duration> ago = Durations.parse(value);
        if (ago.isPresent()) {
            return clock.instant().minus(ago.get());
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notInstant) {
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notDateTime) {
                try {
                    return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notDate) {
                    throw new IllegalArgumentException("'" + text + "' is not a time: use " + FORMS);
                }
            }
        }
    }
}

package dev.flywheel.topology.spec;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and formats the compact durations used in {@code flywheel.yaml}: {@code 500ms}, {@code 30s},
 * {@code 15m}, {@code 1h}, {@code 7d}, and sums of them such as {@code 1h30m}.
 *
 * <p>A bare number is rejected on purpose: {@code ttl: 7} could mean seconds or days, and guessing
 * wrong silently changes what a model is trained on.
 */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h|d))+");

    private Durations() {
    }

    /**
     * Parses a duration.
     *
     * @param text the text, for example {@code 7d} or {@code 1h30m}
     * @return the duration, or empty when the text is not a valid duration
     */
    public static Optional<Duration> parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (!WHOLE.matcher(trimmed).matches()) {
            return Optional.empty();
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(trimmed);
        try {
            while (part.find()) {
                long amount = Long.parseLong(part.group(1));
                total = total.plus(unit(amount, part.group(2)));
            }
        } catch (ArithmeticException | NumberFormatException overflow) {
            return Optional.empty();
        }
        return Optional.of(total);
    }

    /**
     * Formats a duration in the largest units that represent it exactly, for example {@code 1h30m}.
     *
     * @param duration a non-negative duration
     * @return the compact text; {@code 0s} for zero
     */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        long millis = duration.toMillis();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (millis >= sizes[i]) {
                text.append(millis / sizes[i]).append(units[i]);
                millis %= sizes[i];
            }
        }
        return text.toString();
    }

    private static Duration unit(long amount, String unit) {
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("unit " + unit);
        };
    }
}

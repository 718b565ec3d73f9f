package dev.flywheel.features.replay;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a replay starts reading its view's source topic: at a point in event time (with a warm-up before it, see
 * {@link ReplayPlan}) or at explicit offsets (exactly there, no warm-up).
 */
public sealed interface ReplayStart {

    /** What the offset forms look like, for help texts and error messages. */
    String OFFSET_FORMS = "earliest, offset:N (every partition) or P:N[,P:N...] (those partitions only)";

    /**
     * Rows as of {@code time} and later are recomputed; the records before it that their windows need are read first
     * to rebuild the state, and their own rows are not written.
     *
     * @param time the first event time whose rows are written again
     */
    record AtTime(Instant time) implements ReplayStart {
        public AtTime {
            Objects.requireNonNull(time, "time");
        }
    }

    /**
     * Reading starts exactly at these offsets, with empty state, and every row computed is written.
     *
     * @param everyPartition the offset for every partition (clamped to each partition's first retained offset)
     * @param partitions per-partition offsets; partitions not named are not replayed (when {@code everyPartition} is
     *     empty)
     */
    record AtOffsets(OptionalLong everyPartition, Map<Integer, Long> partitions) implements ReplayStart {
        public AtOffsets {
            Objects.requireNonNull(everyPartition, "everyPartition");
            partitions = Map.copyOf(partitions);
            if (everyPartition.isPresent() == !partitions.isEmpty()) {
                throw new IllegalArgumentException("give either one offset for every partition or per-partition offsets");
            }
            if (everyPartition.isPresent() && everyPartition.getAsLong() < 0) {
                throw new IllegalArgumentException("an offset cannot be negative: " + everyPartition.getAsLong());
            }
            partitions.forEach((partition, offset) -> {
                if (partition < 0 || offset < 0) {
                    throw new IllegalArgumentException("partitions and offsets cannot be negative: " + partition + ":"
                            + offset);
                }
            });
        }

        /** The offset where {@code partition} starts, if it is replayed at all. */
        public Optional<Long> offsetOf(int partition) {
            return everyPartition.isPresent() ? Optional.of(everyPartition.getAsLong())
                    : Optional.ofNullable(partitions.get(partition));
        }
    }

    Pattern EVERY = Pattern.compile("offset:(\\d+)");
    Pattern ONE = Pattern.compile("(\\d+):(\\d+)");

    /**
     * Reads the offset forms: {@code earliest}, {@code offset:N}, {@code P:N[,P:N...]}.
     *
     * @param text the argument
     * @return the start, or empty when the text is none of the offset forms (it may be a time)
     * @throws IllegalArgumentException when it looks like offsets but is not valid (a partition named twice)
     */
    static Optional<AtOffsets> parseOffsets(String text) {
        String value = text.trim();
        if (value.equals("earliest")) {
            return Optional.of(new AtOffsets(OptionalLong.of(0), Map.of()));
        }
        Matcher every = EVERY.matcher(value);
        if (every.matches()) {
            return Optional.of(new AtOffsets(OptionalLong.of(parseLong(every.group(1), text)), Map.of()));
        }
        Map<Integer, Long> partitions = new TreeMap<>();
        for (String part : value.split(",", -1)) {
            Matcher one = ONE.matcher(part.trim());
            if (!one.matches()) {
                return Optional.empty();
            }
            long partitionNumber = parseLong(one.group(1), text);
            if (partitionNumber > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("'" + text + "' names no partition: " + partitionNumber);
            }
            int partition = (int) partitionNumber;
            if (partitions.put(partition, parseLong(one.group(2), text)) != null) {
                throw new IllegalArgumentException("'" + text + "' names partition " + partition + " twice");
            }
        }
        return Optional.of(new AtOffsets(OptionalLong.empty(), partitions));
    }

    private static long parseLong(String digits, String text) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' holds a number too large: " + digits, e);
        }
    }
}

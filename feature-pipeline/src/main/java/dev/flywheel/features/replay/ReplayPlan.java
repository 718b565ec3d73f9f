package dev.flywheel.features.replay;

import dev.flywheel.topology.spec.Aggregation;
import dev.flywheel.topology.spec.FeatureSpec;
import dev.flywheel.topology.spec.FeatureViewSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What a replay reads and writes: for every partition of {@code <source>.valid}, the offset it starts at and the end
 * captured when it was planned (it stops once it has read that far), and the first event time whose rows it writes.
 *
 * <p>A replay from a time must not write rows computed from partial state: the windows of the first rows reach back
 * before that time. So it starts reading earlier (the <em>warm-up</em>, {@link #lookback(FeatureViewSpec)}: the
 * longest window plus the grace, or the whole retained history when a feature aggregates over all time) and writes
 * only rows whose {@code event_timestamp} is at or after the time. Offsets from Kafka's {@code offsetsForTimes} are by
 * record timestamp, which is the event time on {@code <source>.valid}.
 *
 * @param start the first offset read, per partition
 * @param end the offset to reach, per partition (start == end: nothing to read)
 * @param emitFrom the first event time (epoch millis) whose rows are written; empty writes every row
 * @param lookback the warm-up before {@code emitFrom}; empty with {@code emitFrom} present means the whole history
 */
public record ReplayPlan(Map<Integer, Long> start, Map<Integer, Long> end, OptionalLong emitFrom,
                         Optional<Duration> lookback) {

    public ReplayPlan {
        start = Map.copyOf(start);
        end = Map.copyOf(end);
        if (!start.keySet().equals(end.keySet())) {
            throw new IllegalArgumentException("start and end offsets name different partitions");
        }
    }

    /** The number of source records to read (control records included), summed over partitions. */
    public long records() {
        return start.entrySet().stream().mapToLong(e -> Math.max(0, end.get(e.getKey()) - e.getValue())).sum();
    }

    /**
     * How far before the first written row a view must read to rebuild its state: the longest window (size) plus the
     * grace, since events may arrive out of order by up to the grace; the grace alone for a view of passthrough fields
     * only; empty (the whole history) when a feature aggregates over all time.
     *
     * @param view the view
     * @return the lookback, or empty for the whole retained history
     */
    public static Optional<Duration> lookback(FeatureViewSpec view) {
        Duration longest = Duration.ZERO;
        for (FeatureSpec feature : view.features()) {
            if (feature.window().isPresent()) {
                Duration size = feature.window().get().size();
                longest = size.compareTo(longest) > 0 ? size : longest;
            } else if (feature.aggregation() != Aggregation.PASSTHROUGH) {
                return Optional.empty();
            }
        }
        return Optional.of(longest.plus(view.grace()));
    }

    /**
     * Plans a replay.
     *
     * @param view the view
     * @param from where to start
     * @param offsets the source topic's offsets now
     * @return the plan
     * @throws IllegalArgumentException when an offset names a partition the source does not have, or lies past a
     *     partition's end
     */
    public static ReplayPlan of(FeatureViewSpec view, ReplayStart from, SourceOffsets offsets) {
        Map<Integer, Long> earliest = offsets.earliest();
        Map<Integer, Long> end = new TreeMap<>(offsets.end());
        Map<Integer, Long> start = new TreeMap<>();
        if (from instanceof ReplayStart.AtTime at) {
            long emitFrom = at.time().toEpochMilli();
            Optional<Duration> lookback = lookback(view);
            Map<Integer, Long> readFrom = lookback.isPresent()
                    ? offsets.atTime(Math.max(0, emitFrom - lookback.get().toMillis())) : earliest;
            end.forEach((partition, last) -> start.put(partition,
                    clamp(readFrom.getOrDefault(partition, last), earliest.get(partition), last)));
            return new ReplayPlan(start, end, OptionalLong.of(emitFrom), lookback);
        }
        ReplayStart.AtOffsets at = (ReplayStart.AtOffsets) from;
        for (Integer partition : at.partitions().keySet()) {
            if (!end.containsKey(partition)) {
                throw new IllegalArgumentException("the source has no partition " + partition + " (it has "
                        + end.size() + ")");
            }
            long offset = at.partitions().get(partition);
            if (offset > end.get(partition)) {
                throw new IllegalArgumentException("offset " + offset + " is past the end of partition " + partition
                        + " (" + end.get(partition) + ")");
            }
        }
        end.forEach((partition, last) -> start.put(partition,
                at.offsetOf(partition).map(offset -> clamp(offset, earliest.get(partition), last)).orElse(last)));
        return new ReplayPlan(start, end, OptionalLong.empty(), Optional.empty());
    }

    /** The first event time whose rows are written, if the replay holds any back. */
    public Optional<Instant> emitFromInstant() {
        return emitFrom.isPresent() ? Optional.of(Instant.ofEpochMilli(emitFrom.getAsLong())) : Optional.empty();
    }

    private static long clamp(long offset, long low, long high) {
        return Math.min(Math.max(offset, low), high);
    }
}

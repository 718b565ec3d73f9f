package dev.flywheel.topology.runtime;

import dev.flywheel.topology.config.StreamsMetricsDetail;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Keeps the Kafka Streams meters a stage binds ({@link StageSettings#withMeters}) to a size a Prometheus scrape can
 * carry, and to tags Prometheus accepts. Configure it on the registry before any stage starts:
 * {@code registry.config().meterFilter(KafkaStreamsMeterFilter.of(config.kafkaStreamsMetricsDetail()))}.
 *
 * <p>At {@link StreamsMetricsDetail#STAGE} it denies every {@code kafka.*} meter tagged with a task, a processor
 * node, a state store, a record cache or a broker connection ({@code node.id}): one series per task and store is
 * thousands of lines per scrape, and Grafana reads the stream-thread and client meters.
 *
 * <p>At every level it renames the store-type tag keys of state-store meters ({@code rocksdb.state.id},
 * {@code in.memory.state.id}, ...) to {@code state.id}: Kafka Streams keys the store id by its type, so two stores
 * of different types give one meter name with two sets of tag keys, which Prometheus refuses (its registry logs a
 * warning and drops the later meters). The store's name stays the value; the type is not kept as a tag of its own
 * because Micrometer's Kafka binder skips a meter when one of the same name already has more tags.
 */
public final class KafkaStreamsMeterFilter implements MeterFilter {

    /** The tag key of a state store's id once normalized. */
    public static final String STATE_ID = "state.id";

    private static final String KAFKA_PREFIX = "kafka.";
    private static final String STATE_ID_SUFFIX = "." + STATE_ID;
    /** Tag keys of meters below the stream thread and client: per task, processor node, store, cache, broker. */
    private static final Set<String> DETAIL_TAG_KEYS =
            Set.of("task.id", "processor.node.id", STATE_ID, "record.cache.id", "node.id");

    private final StreamsMetricsDetail detail;

    private KafkaStreamsMeterFilter(StreamsMetricsDetail detail) {
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    /**
     * Returns the filter for a level of detail.
     *
     * @param detail which meters to keep
     * @return the filter
     */
    public static KafkaStreamsMeterFilter of(StreamsMetricsDetail detail) {
        return new KafkaStreamsMeterFilter(detail);
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        if (!isKafka(id) || id.getTags().stream().noneMatch(KafkaStreamsMeterFilter::isTypedStateId)) {
            return id;
        }
        List<Tag> tags = id.getTags().stream()
                .map(tag -> isTypedStateId(tag) ? Tag.of(STATE_ID, tag.getValue()) : tag)
                .toList();
        return id.replaceTags(tags);
    }

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        if (detail == StreamsMetricsDetail.STAGE && isKafka(id)
                && id.getTags().stream().anyMatch(tag -> DETAIL_TAG_KEYS.contains(tag.getKey()) || isTypedStateId(tag))) {
            return MeterFilterReply.DENY;
        }
        return MeterFilterReply.NEUTRAL;
    }

    private static boolean isKafka(Meter.Id id) {
        return id.getName().startsWith(KAFKA_PREFIX);
    }

    private static boolean isTypedStateId(Tag tag) {
        return tag.getKey().endsWith(STATE_ID_SUFFIX);
    }
}

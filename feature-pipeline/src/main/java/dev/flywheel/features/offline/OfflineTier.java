package dev.flywheel.features.offline;

import dev.flywheel.topology.runtime.Health;
import dev.flywheel.topology.runtime.HealthStatus;
import dev.flywheel.topology.spec.FeatureViewSpec;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.SourceSpec;
import dev.flywheel.topology.topics.TopicCatalogue;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Every offline sink of a spec: one per feature view ({@code features.<view>} to {@code view=<view>/}) and one per
 * source ({@code <source>.valid} to {@code source=<source>/}, for labels and recomputation), started and closed
 * together.
 */
public final class OfflineTier implements AutoCloseable {

    private final Map<String, OfflineSink<?>> sinks;

    private OfflineTier(Map<String, OfflineSink<?>> sinks) {
        this.sinks = sinks;
    }

    /**
     * The sinks of a spec, not started.
     *
     * @param spec the pipeline spec
     * @param topics the catalogue (features, valid and data-available topics with their serdes)
     * @param kafkaConfig Kafka client settings
     * @param store the S3 boundary
     * @param prefix the Flywheel topic/group prefix
     * @param registry where the meters go
     * @param clock for rolls and events
     */
    public static OfflineTier create(FlywheelSpec spec, TopicCatalogue topics, Map<String, Object> kafkaConfig,
                                     OfflineStore store, String prefix, MeterRegistry registry, Clock clock) {
        return create(spec, topics, kafkaConfig, store, prefix, registry, clock, UnaryOperator.identity());
    }

    /**
     * The sinks of a spec with changed sink settings, not started: e.g. a short roll interval, so that a demo's
     * rows reach the offline tier in seconds rather than {@link OfflineSinkSettings#defaults minutes}.
     *
     * @param tuning applied to each sink's {@link OfflineSinkSettings#defaults defaults}
     * @see #create(FlywheelSpec, TopicCatalogue, Map, OfflineStore, String, MeterRegistry, Clock)
     */
    public static OfflineTier create(FlywheelSpec spec, TopicCatalogue topics, Map<String, Object> kafkaConfig,
                                     OfflineStore store, String prefix, MeterRegistry registry, Clock clock,
                                     UnaryOperator<OfflineSinkSettings> tuning) {
        Map<String, OfflineSink<?>> sinks = new LinkedHashMap<>();
        for (FeatureViewSpec view : spec.featureViews()) {
            OfflineTarget target = OfflineTarget.of(view);
            sinks.put("view=" + view.name(), new OfflineSink<>(target, topics.features(view.name()), topics.dataAvailable(),
                    kafkaConfig, store, tuning.apply(OfflineSinkSettings.defaults(prefix, target)), registry, clock));
        }
        for (SourceSpec source : spec.sources()) {
            OfflineTarget target = OfflineTarget.of(source);
            sinks.put("source=" + source.name(), new OfflineSink<>(target, topics.valid(source.name()),
                    topics.dataAvailable(), kafkaConfig, store, tuning.apply(OfflineSinkSettings.defaults(prefix, target)), registry, clock));
        }
        return new OfflineTier(sinks);
    }

    /** Starts every sink. */
    public void start() {
        sinks.values().forEach(OfflineSink::start);
    }

    /** Each sink's state, by {@code view=<name>} or {@code source=<name>}. */
    public Map<String, OfflineSink.State> states() {
        Map<String, OfflineSink.State> states = new LinkedHashMap<>();
        sinks.forEach((name, sink) -> states.put(name, sink.state()));
        return states;
    }

    /**
     * Each sink's health, by {@code offline-view=<name>} or {@code offline-source=<name>}: UP while consuming,
     * STARTING before its start, DOWN once stopped (with the failure when one stopped it).
     *
     * @param since when the tier was started, the time each health is reported from
     */
    public Map<String, Health> health(Instant since) {
        Map<String, Health> health = new LinkedHashMap<>();
        sinks.forEach((name, sink) -> {
            OfflineSink.State state = sink.state();
            HealthStatus status = switch (state) {
                case RUNNING -> HealthStatus.UP;
                case NEW -> HealthStatus.STARTING;
                case STOPPED, FAILED -> HealthStatus.DOWN;
            };
            String reason = "offline sink " + state.name().toLowerCase(Locale.ROOT)
                    + (sink.failure() == null ? "" : ": " + sink.failure().getMessage());
            health.put("offline-" + name, new Health(status, reason, since));
        });
        return health;
    }

    /** The sinks, by {@code view=<name>} or {@code source=<name>}. */
    public List<String> names() {
        return new ArrayList<>(sinks.keySet());
    }

    /** Closes every sink. */
    @Override
    public void close() {
        sinks.values().forEach(OfflineSink::close);
    }
}

package dev.flywheel.topology.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stage of the backbone at run time: a Kafka Streams application built from a topology that the
 * stage module makes with a pure factory ({@code buildTopology(spec, serdes)}, STYLE.md item 1).
 * The stage owns the lifecycle around it: start, health from the state listener, the thread
 * replacement policy, the DLQ error handlers (through {@link StageSettings}) and a graceful, bounded
 * shutdown.
 *
 * <pre>{@code
 * Stage stage = Stage.create(StageSettings.of("ingestion", config).withDlq(routing),
 *         IngestionTopology.buildTopology(spec, serdes));
 * stage.start();
 * ... stage.health() ...
 * stage.close();
 * }</pre>
 */
public final class Stage implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Stage.class);

    private final StageSettings settings;
    private final Topology topology;
    private final BiFunction<Topology, Properties, KafkaStreams> streamsFactory;
    private final StageHealth health;
    private final List<Consumer<Health>> listeners = new CopyOnWriteArrayList<>();
    private KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;
    private boolean closed;

    Stage(StageSettings settings, Topology topology, BiFunction<Topology, Properties, KafkaStreams> streamsFactory,
          Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.topology = Objects.requireNonNull(topology, "topology");
        this.streamsFactory = streamsFactory;
        this.health = new StageHealth(clock);
    }

    /**
     * Creates a stage; nothing connects until {@link #start()}.
     *
     * @param settings how it runs
     * @param topology what it computes
     * @return the stage
     */
    public static Stage create(StageSettings settings, Topology topology) {
        return new Stage(settings, topology, KafkaStreams::new, Clock.systemUTC());
    }

    /** Returns the stage name. */
    public String name() {
        return settings.name();
    }

    /** Returns the Kafka Streams application id. */
    public String applicationId() {
        return settings.applicationId();
    }

    /**
     * Starts processing. Returns at once; {@link #health()} turns UP once the stage has its partitions.
     *
     * @throws IllegalStateException when the stage was started before
     */
    public synchronized void start() {
        if (streams != null) {
            throw new IllegalStateException("Stage " + name() + " was already started");
        }
        Mdc.with(Mdc.STAGE, name(), () -> {
            LOG.info("Starting stage {} (application.id {})", name(), applicationId());
            streams = streamsFactory.apply(topology, settings.streamsProperties());
            streams.setStateListener(this::onStateChange);
            streams.setUncaughtExceptionHandler(new ThreadReplacementPolicy(name(), settings.maxThreadReplacements(),
                    settings.replacementWindow(), Clock.systemUTC(), health::failed));
            publish(health.update(streams.state()));
            settings.meters().ifPresent(this::bindMetrics);
            streams.start();
        });
    }

    private void bindMetrics(MeterRegistry registry) {
        // Micrometer's binder looks for new client metrics (threads, tasks) every minute and once bound here.
        streamsMetrics = new KafkaStreamsMetrics(streams, Tags.of("stage", name()));
        streamsMetrics.bindTo(registry);
    }

    /**
     * Returns a read-only view of one of the stage's state stores across the tasks of this instance
     * (interactive queries), for stages that serve reads from their stores.
     *
     * @param parameters which store, of which type, and whether stale (restoring or standby) stores may answer
     * @param <T> the store view type
     * @return the store view
     * @throws IllegalStateException when the stage was not started
     * @throws org.apache.kafka.streams.errors.InvalidStateStoreException when the store cannot be queried now
     *     (for example while the stage rebalances); retry later
     */
    public synchronized <T> T store(StoreQueryParameters<T> parameters) {
        if (streams == null) {
            throw new IllegalStateException("Stage " + name() + " is not started: its stores cannot be queried");
        }
        return streams.store(parameters);
    }

    /** Returns the stage's health now. */
    public Health health() {
        return health.current();
    }

    /**
     * Calls a listener on every change of health, on the thread that changed it (a stream thread).
     *
     * @param listener the listener; it must return quickly
     */
    public void onHealthChange(Consumer<Health> listener) {
        listeners.add(listener);
    }

    /**
     * Stops the stage gracefully: finishes in-flight work, commits, leaves the group so its partitions
     * move at once, within the timeout. Closing again does nothing.
     *
     * @param timeout how long to wait
     * @return whether it stopped within the timeout
     */
    public synchronized boolean close(Duration timeout) {
        if (streams == null || closed) {
            return true;
        }
        closed = true;
        return Mdc.with(Mdc.STAGE, name(), () -> {
            LOG.info("Stopping stage {} (waiting at most {})", name(), timeout);
            boolean stopped = streams.close(CloseOptions.groupMembershipOperation(
                    CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(timeout));
            if (streamsMetrics != null) {
                streamsMetrics.close();
            }
            if (stopped) {
                // close() returns once the state is NOT_RUNNING, possibly before the state listener has run:
                // take the final state now so health() right after close() says so.
                health.update(streams.state());
            } else {
                LOG.warn("Stage {} did not stop within {}; its threads are left to finish on their own", name(),
                        timeout);
            }
            return stopped;
        });
    }

    /** Stops the stage within its configured shutdown timeout. */
    @Override
    public void close() {
        close(settings.shutdownTimeout());
    }

    private void onStateChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        Mdc.with(Mdc.STAGE, name(), () -> {
            Health changed = health.update(newState);
            LOG.info("Stage {}: {} -> {} ({})", name(), oldState, newState, changed.status());
            publish(changed);
        });
    }

    private void publish(Health changed) {
        listeners.forEach(listener -> listener.accept(changed));
    }
}

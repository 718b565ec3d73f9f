package dev.flywheel.features.replay;

import dev.flywheel.features.view.FeatureSchemas;
import dev.flywheel.features.view.FeatureViewMetrics;
import dev.flywheel.features.view.FeatureViewService;
import dev.flywheel.features.view.FeatureViewTopology;
import dev.flywheel.features.view.MicrometerRejectionMetrics;
import dev.flywheel.features.view.ResolvedView;
import dev.flywheel.features.view.SourceSchemas;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.runtime.DlqRouting;
import dev.flywheel.topology.runtime.StageSettings;
import dev.flywheel.topology.spec.FeatureViewSpec;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.SourceSpec;
import dev.flywheel.topology.topics.AvroTopicSerdes;
import dev.flywheel.topology.topics.TopicCatalogue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recomputes a feature view from its source topic with Kafka's own tools: the view's own topology
 * ({@link FeatureViewTopology}), run once under a fresh application id
 * {@code <prefix>flywheel-features-<view>-replay-<yyyyMMdd'T'HHmmssSSS'Z'>}, whose consumer group is given its start
 * offsets up front ({@code Admin.alterConsumerGroupOffsets}, as {@code kafka-consumer-groups --reset-offsets} does),
 * writing to {@code features.<view>} like the running view. It stops once its committed offsets (read with
 * {@code Admin.listConsumerGroupOffsets}) have reached the source's end offsets captured when it was planned, and
 * the repartition topic (for a view keyed by another field) is drained too. Then it cleans up: local state
 * ({@link KafkaStreams#cleanUp()}, in a temporary state directory), its internal topics (changelogs, repartition)
 * and its consumer group.
 *
 * <p>Idempotent on the online tier: rows carry the same {@code event_timestamp} and a later {@code created}, so the
 * online writer replaces equal values with equal values, and a rerun does the same again. See {@link ReplayPlan} for
 * the warm-up that keeps the first rows of a time-based replay exact.
 */
public final class FeatureViewReplay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FeatureViewReplay.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration GROUP_DELETE_TIMEOUT = Duration.ofSeconds(15);

    private final FlywheelSpec spec;
    private final FlywheelConfig config;
    private final SchemaRegistryClient registry;
    private final Admin admin;
    private final TopicCatalogue topics;
    private final Clock clock;

    FeatureViewReplay(FlywheelSpec spec, FlywheelConfig config, SchemaRegistryClient registry, Admin admin, Clock clock) {
        this.spec = spec;
        this.config = config;
        this.registry = registry;
        this.admin = admin;
        this.topics = TopicCatalogue.of(spec, config, new AvroTopicSerdes(registry, Map.of()));
        this.clock = clock;
    }

    /**
     * Creates a replayer; it connects to the registry and Kafka as it is used.
     *
     * @param spec the pipeline spec declaring the view
     * @param config the runtime settings (Kafka, registry, topic prefix)
     * @param clock names the application id
     * @return the replayer; close it
     */
    public static FeatureViewReplay create(FlywheelSpec spec, FlywheelConfig config, Clock clock) {
        return new FeatureViewReplay(spec, config, ClientConfigs.schemaRegistryClient(config),
                Admin.create(ClientConfigs.kafka(config)), clock);
    }

    /** The stage name of a replay started at {@code at}; its application id is {@code <prefix>flywheel-<stage>}. */
    public static String stageName(String view, Instant at) {
        return "features-" + view + "-replay-" + STAMP.format(at);
    }

    /**
     * Plans a replay of a view: the source's offsets now, the start for each partition, the end it will stop at.
     *
     * @param view the view name
     * @param from where to start
     * @return the plan
     * @throws IllegalArgumentException for an unknown view or offsets the source does not have
     * @throws ReplayException when Kafka does not answer
     */
    public ReplayPlan plan(String view, ReplayStart from) {
        FeatureViewSpec viewSpec = view(view);
        return ReplayPlan.of(viewSpec, from, new AdminSourceOffsets(admin, topics.valid(viewSpec.source()).name()));
    }

    /**
     * Runs a planned replay to its end and cleans up after it, whether it finished or not.
     *
     * @param view the view name
     * @param plan from {@link #plan}
     * @param timeout how long it may run before it is stopped and reported as failed
     * @return what it did
     * @throws ReplayException when the source has no schema yet, the view's schema is refused, the topology fails, or
     *     it does not finish within the timeout
     */
    public ReplayResult run(String view, ReplayPlan plan, Duration timeout) {
        FeatureViewSpec viewSpec = view(view);
        SourceSpec source = spec.source(viewSpec.source()).orElseThrow(() -> new IllegalArgumentException(
                "view " + view + " reads unknown source " + viewSpec.source()));
        String sourceTopic = topics.valid(source.name()).name();
        String featuresTopic = topics.features(view).name();
        ResolvedView resolved = ResolvedView.of(viewSpec, source, SourceSchemas.of(registry, topics, source)
                .orElseThrow(() -> new ReplayException("source " + source.name() + " has no registered schema yet: "
                        + "nothing to replay")));
        registry.register(FeatureSchemas.subject(featuresTopic), resolved.outputSchema());

        Instant started = clock.instant();
        String stage = stageName(view, started);
        MeterRegistry meters = new SimpleMeterRegistry();
        DlqRouting dlq = new DlqRouting(stage, topics::dlqFor, topics.dlq(source.name()).valueSerde().serializer(),
                new MicrometerRejectionMetrics(meters, stage), Clock.systemUTC());
        AtomicLong heldBack = new AtomicLong();
        LongPredicate emit = plan.emitFrom().isPresent() ? asOf -> {
            if (asOf >= plan.emitFrom().getAsLong()) {
                return true;
            }
            heldBack.incrementAndGet();
            return false;
        } : null;
        Topology topology = FeatureViewTopology.buildTopology(resolved, topics, dlq,
                new FeatureViewMetrics(meters, view), emit);
        Path stateDir = temporaryStateDir(config.stateDir());
        StageSettings settings = FeatureViewService.settings(stage, config).withDlq(dlq)
                .with(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        String applicationId = settings.applicationId();

        LOG.info("Replaying view {} as {}: {} records of {} from {} to {}", view, applicationId, plan.records(),
                sourceTopic, plan.start(), plan.end());
        ReplayKafka.get(admin.alterConsumerGroupOffsets(applicationId, offsets(sourceTopic, plan.start())).all(),
                "set the start offsets of " + applicationId);
        List<String> leftBehind = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        Map<Integer, Long> committed;
        KafkaStreams streams = new KafkaStreams(topology, settings.streamsProperties());
        try {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            streams.setUncaughtExceptionHandler(e -> {
                failure.compareAndSet(null, e);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            streams.start();
            committed = awaitEnd(streams, failure, applicationId, sourceTopic, plan, resolved.keyedBySource(),
                    started.plus(timeout), timeout);
        } finally {
            boolean stopped = streams.close(CloseOptions.groupMembershipOperation(
                    CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(CLOSE_TIMEOUT));
            if (!stopped) {
                leftBehind.add("Kafka Streams did not stop within " + CLOSE_TIMEOUT);
            }
            cleanUp(streams, stateDir, applicationId, deleted, leftBehind);
        }
        long eventsRead = (long) count(meters, FeatureViewMetrics.EVENTS_IN);
        long rows = (long) count(meters, FeatureViewMetrics.ROWS_OUT);
        long refused = (long) count(meters, MicrometerRejectionMetrics.REJECTED);
        Duration elapsed = Duration.between(started, clock.instant());
        LOG.info("Replay {} done in {}: {} events, {} rows written, {} held back, {} refused", applicationId, elapsed,
                eventsRead, rows - heldBack.get(), heldBack.get(), refused);
        return new ReplayResult(view, applicationId, sourceTopic, featuresTopic, plan, eventsRead, rows - heldBack.get(),
                heldBack.get(), refused, committed, deleted, leftBehind, elapsed);
    }

    @Override
    public void close() {
        try {
            admin.close();
        } finally {
            registry.close();
        }
    }

    private FeatureViewSpec view(String view) {
        return spec.featureViews().stream().filter(v -> v.name().equals(view)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no feature view '" + view + "'" + (spec.featureViews()
                        .isEmpty() ? ": the spec declares none" : "; the views are: " + spec.featureViews().stream()
                        .map(FeatureViewSpec::name).collect(Collectors.joining(", ")))));
    }

    /** Waits until the committed offsets reach the plan's end (and the repartition topic is drained). */
    private Map<Integer, Long> awaitEnd(KafkaStreams streams, AtomicReference<Throwable> failure, String applicationId,
                                        String sourceTopic, ReplayPlan plan, boolean direct, Instant deadline,
                                        Duration timeout) {
        String repartition = applicationId + "-" + FeatureViewTopology.REPARTITION + "-repartition";
        Map<TopicPartition, Long> repartitionEnd = null;
        while (true) {
            if (failure.get() != null) {
                throw new ReplayException("the replay failed: " + failure.get().getMessage(), failure.get());
            }
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new ReplayException("the replay stopped unexpectedly (Kafka Streams is " + streams.state() + ")");
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = ReplayKafka.get(admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata(), "read the offsets of " + applicationId);
            Map<Integer, Long> source = new TreeMap<>();
            offsets.forEach((tp, offset) -> {
                if (tp.topic().equals(sourceTopic) && offset != null) {
                    source.put(tp.partition(), offset.offset());
                }
            });
            boolean sourceDone = plan.end().entrySet().stream()
                    .allMatch(e -> source.getOrDefault(e.getKey(), -1L) >= e.getValue());
            if (sourceDone && direct) {
                return source;
            }
            if (sourceDone) {
                if (repartitionEnd == null) {
                    // Everything up to the source's end has been keyed and written to the repartition topic.
                    repartitionEnd = new TreeMap<>(Comparator.comparingInt(TopicPartition::partition));
                    for (Map.Entry<Integer, Long> end : new AdminSourceOffsets(admin, repartition).end().entrySet()) {
                        repartitionEnd.put(new TopicPartition(repartition, end.getKey()), end.getValue());
                    }
                }
                if (repartitionEnd.entrySet().stream().allMatch(e -> offsets.containsKey(e.getKey())
                        && offsets.get(e.getKey()) != null && offsets.get(e.getKey()).offset() >= e.getValue())) {
                    return source;
                }
            }
            if (clock.instant().isAfter(deadline)) {
                throw new ReplayException("the replay did not reach the end offsets " + plan.end() + " within "
                        + timeout + " (committed: " + source + ")");
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ReplayException("interrupted while replaying", e);
            }
        }
    }

    private void cleanUp(KafkaStreams streams, Path stateDir, String applicationId, List<String> deleted,
                         List<String> leftBehind) {
        try {
            streams.cleanUp();
        } catch (RuntimeException e) {
            LOG.warn("Replay {}: local state not cleaned up", applicationId, e);
            leftBehind.add("local state in " + stateDir + ": " + e.getMessage());
        }
        try {
            Set<String> internal = ReplayKafka.get(admin.listTopics().names(), "list topics").stream()
                    .filter(name -> name.startsWith(applicationId + "-")
                            && (name.endsWith("-changelog") || name.endsWith("-repartition")))
                    .collect(Collectors.toSet());
            if (!internal.isEmpty()) {
                ReplayKafka.get(admin.deleteTopics(internal).all(), "delete the internal topics " + internal);
                deleted.addAll(internal.stream().sorted().toList());
            }
        } catch (ReplayException e) {
            LOG.warn("Replay {}: internal topics not deleted", applicationId, e);
            leftBehind.add("internal topics of " + applicationId + ": " + e.getMessage());
        }
        deleteGroup(applicationId, leftBehind);
        deleteDirectory(stateDir, leftBehind);
    }

    /** Deletes the replay's consumer group; the broker may take a moment to see its member gone. */
    private void deleteGroup(String applicationId, List<String> leftBehind) {
        Instant deadline = Instant.now().plus(GROUP_DELETE_TIMEOUT);
        while (true) {
            try {
                ReplayKafka.get(admin.deleteConsumerGroups(List.of(applicationId)).all(),
                        "delete the consumer group " + applicationId);
                return;
            } catch (ReplayException e) {
                if (e.getCause() instanceof GroupIdNotFoundException) {
                    return;
                }
                if (!(e.getCause() instanceof GroupNotEmptyException) || Instant.now().isAfter(deadline)) {
                    LOG.warn("Replay {}: consumer group not deleted", applicationId, e);
                    leftBehind.add("consumer group " + applicationId + ": " + e.getMessage());
                    return;
                }
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                leftBehind.add("consumer group " + applicationId + ": interrupted before it could be deleted");
                return;
            }
        }
    }

    private static void deleteDirectory(Path dir, List<String> leftBehind) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("Replay state directory {} not deleted", dir, e);
            leftBehind.add("state directory " + dir + ": " + e.getMessage());
        }
    }

    /** A directory of its own under the configured state directory, deleted afterwards. */
    private static Path temporaryStateDir(Path parent) {
        try {
            Files.createDirectories(parent);
            return Files.createTempDirectory(parent.toAbsolutePath(), "replay-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a state directory for the replay", e);
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsets(String topic, Map<Integer, Long> start) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        start.forEach((partition, offset) -> offsets.put(new TopicPartition(topic, partition),
                new OffsetAndMetadata(offset)));
        return offsets;
    }

    private static double count(MeterRegistry meters, String name) {
        return meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }
}

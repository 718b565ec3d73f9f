package dev.flywheel.features;

import dev.flywheel.features.online.EntityKeySerialization;
import dev.flywheel.features.online.OnlineSink;
import dev.flywheel.features.online.OnlineSinkSettings;
import dev.flywheel.features.online.OnlineStore;
import dev.flywheel.features.online.OnlineStoreConfig;
import dev.flywheel.features.serving.EntityTypes;
import dev.flywheel.features.serving.FeastGrpcServer;
import dev.flywheel.features.serving.FeastServingService;
import dev.flywheel.features.serving.FeaturesHttpRoute;
import dev.flywheel.features.serving.OnlineFeatures;
import dev.flywheel.features.serving.ServingCatalog;
import dev.flywheel.features.serving.ServingConfig;
import dev.flywheel.features.serving.ServingException;
import dev.flywheel.features.view.FeatureSchemas;
import dev.flywheel.features.view.FeatureViewService;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.schemas.registry.SchemaRegistryException;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.runtime.Health;
import dev.flywheel.topology.runtime.HealthStatus;
import dev.flywheel.topology.spec.FeatureViewSpec;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.topics.AvroTopicSerdes;
import dev.flywheel.topology.topics.TopicCatalogue;
import io.javalin.config.RoutesConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feature pipeline at run time, in one object: the feature views ({@link FeatureViewService}: one
 * exactly-once Kafka Streams stage per view, {@code <source>.valid} to {@code features.<view>}), one
 * {@link OnlineSink} per view ({@code features.<view>} to Redis in Feast's layout), and serving over Redis: Feast's
 * gRPC {@code ServingService} ({@link FeastGrpcServer}, port 6566 by default) and {@code GET /features/{view}/{entity}}
 * on the caller's Javalin ({@link #addRoutes}).
 *
 * <pre>{@code
 * try (FeaturePipelineService features = FeaturePipelineService.create(spec, config, meters)) {
 *     features.start();
 *     Javalin.create(cfg -> features.addRoutes(cfg.routes)).start(8080);
 *     ... features.health() ...
 * }
 * }</pre>
 *
 * <p>Startup order: a view registers {@code features.<view>-value} when its source's schema exists, and serving
 * learns the view's entity types from that schema. Until then, requests for the view answer UNAVAILABLE (gRPC) or
 * 503 (HTTP) saying so, and the view is served as soon as the schema is there. Topics are not created here:
 * {@code flywheel up} provisions the catalogue (including {@code features.<view>}).
 */
public final class FeaturePipelineService implements AutoCloseable {

    /** The part name of the gRPC server in {@link #health()}. */
    public static final String GRPC = "feast-grpc";

    private static final Logger LOG = LoggerFactory.getLogger(FeaturePipelineService.class);

    private final FlywheelSpec spec;
    private final FlywheelConfig config;
    private final MeterRegistry meters;
    private final ServingConfig servingConfig;
    private final Clock clock;
    private final SchemaRegistryClient registry;
    private final TopicCatalogue topics;
    private final FeatureViewService views;
    private final OnlineStore store;
    private final OnlineFeatures onlineFeatures;
    private final Map<String, OnlineSink> sinks = new LinkedHashMap<>();
    private FeastGrpcServer grpc;
    private Instant startedAt;
    private boolean started;
    private boolean closed;

    private FeaturePipelineService(FlywheelSpec spec, FlywheelConfig config, MeterRegistry meters,
                                   ServingConfig servingConfig, Clock clock) {
        this.spec = spec;
        this.config = config;
        this.meters = meters;
        this.servingConfig = servingConfig;
        this.clock = clock;
        this.registry = ClientConfigs.schemaRegistryClient(config);
        this.topics = TopicCatalogue.of(spec, config, new AvroTopicSerdes(registry, Map.of()));
        this.views = FeatureViewService.create(spec, config, meters);
        this.store = OnlineStore.open(onlineStoreConfig(spec, config), meters);
        ServingCatalog catalog = ServingCatalog.of(spec, EntityTypes.fromAvro(this::registeredSchemaOf));
        this.onlineFeatures = new OnlineFeatures(catalog, store.reader(), clock);
    }

    /**
     * Creates the pipeline with Feast's serving port 6566 on all interfaces; nothing runs until {@link #start()}.
     *
     * @param spec the pipeline spec (its project is the Feast project of the online tier)
     * @param config the runtime settings: Kafka, schema registry, state directory, topic prefix, Redis
     *     ({@code redisUrl}, {@code redisPassword}, {@code redisTls})
     * @param meters where every part's meters go
     * @return the pipeline
     */
    public static FeaturePipelineService create(FlywheelSpec spec, FlywheelConfig config, MeterRegistry meters) {
        return create(spec, config, meters, ServingConfig.defaults(), Clock.systemUTC());
    }

    /**
     * Creates the pipeline with serving settings and a clock of the caller's.
     *
     * @param spec the pipeline spec
     * @param config the runtime settings
     * @param meters where the meters go
     * @param serving the gRPC server's address and port ({@code withPort(0)} picks a free one)
     * @param clock what serving measures max ages from, and the sinks freshness
     * @return the pipeline
     */
    public static FeaturePipelineService create(FlywheelSpec spec, FlywheelConfig config, MeterRegistry meters,
                                                ServingConfig serving, Clock clock) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(meters, "meters");
        Objects.requireNonNull(serving, "serving");
        Objects.requireNonNull(clock, "clock");
        return new FeaturePipelineService(spec, config, meters, serving, clock);
    }

    /**
     * The online store settings of a run: Redis from {@code redisUrl}, with {@code redisPassword} and
     * {@code redisTls} over what the URL says; the spec's project; entity keys serialized as Feast's V3; no key TTL
     * (served values expire by the view's ttl as OUTSIDE_MAX_AGE instead).
     */
    public static OnlineStoreConfig onlineStoreConfig(FlywheelSpec spec, FlywheelConfig config) {
        OnlineStoreConfig.Builder builder = OnlineStoreConfig.builder(spec.project()).url(config.redisUrl())
                .keySerialization(EntityKeySerialization.V3);
        if (config.redisTls()) {
            builder.tls(true);
        }
        config.redisPassword().ifPresent(password -> builder.password(password.value()));
        return builder.build();
    }

    /**
     * Starts the views, one online sink per view, then the gRPC server; returns once the server listens.
     *
     * @throws IllegalStateException when started before, or when the gRPC port cannot be bound
     */
    public synchronized void start() {
        if (started || closed) {
            throw new IllegalStateException("the feature pipeline was already started");
        }
        started = true;
        startedAt = clock.instant();
        views.start();
        Properties kafka = ClientConfigs.kafka(config);
        Map<String, Object> kafkaConfig = new LinkedHashMap<>();
        kafka.forEach((key, value) -> kafkaConfig.put(key.toString(), value));
        for (FeatureViewSpec view : spec.featureViews()) {
            OnlineSink sink = new OnlineSink(view, topics.features(view.name()), kafkaConfig, store.writer(),
                    OnlineSinkSettings.defaults(config.topicPrefix(), view.name()), meters, clock);
            sinks.put(view.name(), sink);
            sink.start();
        }
        grpc = new FeastGrpcServer(servingConfig, new FeastServingService(onlineFeatures, version()));
        grpc.start();
        LOG.info("Feature pipeline started: {} views, Feast gRPC serving on port {}", spec.featureViews().size(),
                grpc.port());
    }

    /** The port the gRPC server listens on (the chosen one when configured as 0). */
    public synchronized int grpcPort() {
        if (grpc == null) {
            throw new IllegalStateException("the feature pipeline is not started");
        }
        return grpc.port();
    }

    /** Serving's Java API over the online tier (the one the gRPC server and the HTTP route use). */
    public OnlineFeatures onlineFeatures() {
        return onlineFeatures;
    }

    /** Registers {@code GET /features/{view}/{entity}} (see {@link FeaturesHttpRoute}) on a Javalin configuration. */
    public void addRoutes(RoutesConfig routes) {
        new FeaturesHttpRoute(onlineFeatures).addRoutes(routes);
    }

    /**
     * The health of every part, by name: {@code features-<view>} (the view's stage), {@code online-<view>} (its
     * sink), and {@value #GRPC}.
     */
    public synchronized Map<String, Health> health() {
        Map<String, Health> parts = new LinkedHashMap<>();
        views.views().forEach((view, health) -> parts.put(FeatureViewService.stageName(view), health));
        Instant since = startedAt == null ? clock.instant() : startedAt;
        for (FeatureViewSpec view : spec.featureViews()) {
            OnlineSink sink = sinks.get(view.name());
            parts.put("online-" + view.name(), sink == null ? new Health(HealthStatus.STARTING, "not started", since)
                    : sinkHealth(sink, since));
        }
        parts.put(GRPC, grpc == null ? new Health(closed ? HealthStatus.DOWN : HealthStatus.STARTING,
                closed ? "stopped" : "not started", since)
                : closed ? new Health(HealthStatus.DOWN, "stopped", since)
                : new Health(HealthStatus.UP, "serving Feast's ServingService on port " + grpc.port(), since));
        return parts;
    }

    /** Stops the gRPC server, the sinks, the views, then Redis and the registry client. Closing again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<RuntimeException> failures = new ArrayList<>();
        if (grpc != null) {
            stop("the gRPC server", grpc::close, failures);
        }
        List<OnlineSink> reversed = new ArrayList<>(sinks.values());
        Collections.reverse(reversed);
        for (OnlineSink sink : reversed) {
            stop("an online sink", sink::close, failures);
        }
        stop("the feature views", views::close, failures);
        stop("the online store", store::close, failures);
        stop("the schema registry client", registry::close, failures);
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    private static void stop(String part, Runnable close, List<RuntimeException> failures) {
        try {
            close.run();
        } catch (RuntimeException e) {
            LOG.error("Stopping {} failed", part, e);
            failures.add(e);
        }
    }

    private static Health sinkHealth(OnlineSink sink, Instant since) {
        return switch (sink.state()) {
            case NEW -> new Health(HealthStatus.STARTING, "not started", since);
            case RUNNING -> new Health(HealthStatus.UP, "writing to Redis", since);
            case STOPPED -> new Health(HealthStatus.DOWN, "stopped", since);
            case FAILED -> new Health(HealthStatus.DOWN, "failed: " + sink.failure(), since);
        };
    }

    /** The registered {@code features.<view>-value} schema; UNAVAILABLE while there is none. */
    private Schema registeredSchemaOf(String view) {
        String subject = FeatureSchemas.subject(topics.features(view).name());
        try {
            return registry.getLatest(subject).avroSchema();
        } catch (SchemaRegistryException e) {
            throw new ServingException(ServingException.Kind.UNAVAILABLE, e.isNotFound()
                    ? "feature view " + view + " is not ready: its schema (subject " + subject + ") is not registered "
                    + "yet; it is registered when the view starts, once its source has a schema"
                    : "feature view " + view + ": the schema registry is out of reach: " + e.getMessage(), e);
        }
    }

    private static String version() {
        String version = FeaturePipelineService.class.getPackage().getImplementationVersion();
        return "flywheel-" + (version == null ? "dev" : version);
    }
}

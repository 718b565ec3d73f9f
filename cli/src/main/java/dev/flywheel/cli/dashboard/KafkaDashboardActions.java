package dev.flywheel.cli.dashboard;

import dev.flywheel.cli.kafka.DlqReplays;
import dev.flywheel.cli.kafka.ManualTraining;
import dev.flywheel.ingestion.dlq.DlqException;
import dev.flywheel.ingestion.dlq.DlqFilter;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.ModelSpec;
import dev.flywheel.topology.spec.SourceSpec;
import dev.flywheel.topology.topics.TopicCatalogue;
import dev.flywheel.topology.topics.TopicNames;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's write actions against the running backbone, with the CLI's own code: {@link DlqReplays} (as
 * {@code flywheel dlq replay}) and {@link ManualTraining} (as {@code flywheel train}). Names are checked against the
 * spec first, so an unknown source or model is a 404 and nothing is written.
 */
public final class KafkaDashboardActions implements DashboardActions {

    private static final Logger log = LoggerFactory.getLogger(KafkaDashboardActions.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final FlywheelConfig config;
    private final FlywheelSpec spec;
    private final TopicCatalogue catalogue;
    private final SchemaRegistryClient registry;
    private final Clock clock;

    /**
     * Creates the actions.
     *
     * @param config the resolved settings of the run
     * @param spec the spec (its sources and models)
     * @param catalogue the topics and their serdes
     * @param registry the schema registry (the caller closes it)
     * @param clock times the requests
     */
    public KafkaDashboardActions(FlywheelConfig config, FlywheelSpec spec, TopicCatalogue catalogue,
                                 SchemaRegistryClient registry, Clock clock) {
        this.config = config;
        this.spec = spec;
        this.catalogue = catalogue;
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public Replay replayDlq(String source, Set<String> reasons, boolean again) {
        if (spec.source(source).isEmpty()) {
            throw new NotFoundException("No source '" + source + "' in the spec; its sources are: "
                    + spec.sources().stream().map(SourceSpec::name).collect(Collectors.joining(", ")));
        }
        String dlqTopic = new TopicNames(config.topicPrefix()).dlq(source);
        try {
            DlqReplays.Outcome outcome = DlqReplays.replay(config, registry, dlqTopic,
                    new DlqFilter(reasons, Optional.empty()), again, TIMEOUT);
            log.info("Dashboard replayed {} of {} matching dead letters of {} (reasons {})",
                    outcome.report().replayed(), outcome.matched(), dlqTopic, reasons.isEmpty() ? "all" : reasons);
            return new Replay(dlqTopic, outcome.matched(), outcome.report().replayed(),
                    outcome.report().alreadyReplayed(), outcome.report().byTopic(), outcome.unreadable());
        } catch (DlqException e) {
            throw new SourceUnavailableException("Replay of " + dlqTopic + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public TrainingAsked requestTraining(String model, String commandId, String requestedBy) {
        ModelSpec modelSpec = spec.model(model).orElseThrow(() -> new NotFoundException("No model '" + model
                + "' in the spec; its models are: " + spec.models().stream().map(ModelSpec::name)
                .collect(Collectors.joining(", "))));
        try {
            ManualTraining.Requested requested = ManualTraining.request(ClientConfigs.kafka(config), TIMEOUT,
                    catalogue.training(), modelSpec, commandId, requestedBy, clock.instant());
            log.info("Dashboard requested training {} of {} for {}", requested.request().getRequestId(), model,
                    requestedBy);
            return new TrainingAsked(model, requested.request().getRequestId(), requested.commandId());
        } catch (IllegalStateException e) {
            throw new SourceUnavailableException(e.getMessage(), e);
        }
    }
}

package dev.flywheel.cli;

import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.SpecLoader;
import dev.flywheel.topology.topics.TopicCatalogue;
import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code flywheel up} starts, for the dashboard's browser test: the embedded backbone and every stage of a
 * spec on free ports, in fresh temporary directories, with the dashboard on the HTTP API's port as
 * {@link LocalStages} mounts it.
 */
public final class DashboardTestStack implements AutoCloseable {

    private final LocalBackbone backbone;
    private final LocalStages stages;

    private DashboardTestStack(LocalBackbone backbone, LocalStages stages) {
        this.backbone = backbone;
        this.stages = stages;
    }

    /**
     * What happened on the backbone before this run, written after the topics exist and before any stage starts,
     * so the stages meet it as they would meet the history of an earlier run.
     */
    @FunctionalInterface
    public interface History {
        /**
         * Writes the events.
         *
         * @param config the resolved settings (the broker and registry to write to)
         * @param catalogue the topics
         * @throws Exception when they cannot be written
         */
        void write(FlywheelConfig config, TopicCatalogue catalogue) throws Exception;
    }

    /**
     * Starts everything; what was started is stopped again when a later part fails.
     *
     * @param specFile the spec
     * @param settings extra {@code FLYWHEEL_*} settings (the API token, ...)
     * @param history events of an earlier run, written before the stages start
     * @return the running stack
     * @throws Exception when the history cannot be written
     */
    public static DashboardTestStack start(Path specFile, Map<String, String> settings, History history)
            throws Exception {
        FlywheelConfig config = FlywheelConfig.load(settings, Map.of());
        FlywheelSpec spec = SpecLoader.load(specFile);
        LocalBackbone backbone = LocalBackbone.start(config, spec,
                new LocalBackbone.Layout("127.0.0.1", null, 0, 0, 0, 0));
        try {
            history.write(backbone.config(), backbone.catalogue());
            LocalStages stages = LocalStages.start(backbone, spec, specFile.toAbsolutePath().getParent(),
                    new LocalStages.Ports("127.0.0.1", 0, 0));
            return new DashboardTestStack(backbone, stages);
        } catch (Exception e) {
            backbone.close();
            throw e;
        }
    }

    /** The HTTP API's address: the dashboard, {@code /ingest}, {@code /models}, {@code /metrics}. */
    public String apiUrl() {
        return "http://127.0.0.1:" + stages.apiPort();
    }

    /** The schema registry's address. */
    public String registryUrl() {
        return backbone.config().registryUrl().toString();
    }

    /** The resolved settings (Kafka and registry endpoints, topic names). */
    public FlywheelConfig config() {
        return backbone.config();
    }

    /** The topics of the spec. */
    public TopicCatalogue catalogue() {
        return backbone.catalogue();
    }

    /** Stops the stages, then the backbone. */
    @Override
    public void close() {
        try (backbone) {
            stages.close();
        }
    }
}

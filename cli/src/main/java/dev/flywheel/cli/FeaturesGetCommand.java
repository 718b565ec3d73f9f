package dev.flywheel.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flywheel.features.FeaturePipelineService;
import dev.flywheel.features.online.OnlineStore;
import dev.flywheel.features.serving.EntityFeatures;
import dev.flywheel.features.serving.EntityTypes;
import dev.flywheel.features.serving.OnlineFeatures;
import dev.flywheel.features.serving.ServingCatalog;
import dev.flywheel.features.serving.ServingView;
import dev.flywheel.features.view.EntityKeys;
import dev.flywheel.features.view.FeatureSchemas;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.topics.TopicNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code flywheel features get VIEW ENTITY}: what the online tier serves for one entity, read as the serving API
 * reads it (statuses PRESENT, NULL_VALUE, NOT_FOUND, OUTSIDE_MAX_AGE). The entity is written as the
 * {@code features.<view>} record key: one value, or a composite key's values joined by {@code |}.
 */
@Command(name = "get", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Print an entity's online feature values of a view, as Feast serving returns them.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:read (a missing entity prints NOT_FOUND features)", "1:failed (the reason on stderr)",
            "2:wrong usage"})
final class FeaturesGetCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "VIEW", description = "The feature view.")
    String view;

    @Parameters(index = "1", paramLabel = "ENTITY",
            description = "The entity key; a composite one as its values in the view's entity order joined by '|' "
                    + "(escape '|' and '\\' with '\\').")
    String entity;

    @Option(names = "--json", description = "Print the values as JSON (the shape of GET /features/{view}/{entity}).")
    boolean json;

    @Mixin
    SpecOption spec = new SpecOption();

    @Mixin
    SettingsOptions settings = new SettingsOptions();

    @Override
    public Integer call() throws Exception {
        FlywheelSpec pipeline = FeaturesCommand.requireSpec(spec);
        FlywheelConfig config = settings.load();
        TopicNames names = new TopicNames(config.topicPrefix());
        PrintWriter out = command.commandLine().getOut();
        try (SchemaRegistryClient registry = ClientConfigs.schemaRegistryClient(config);
             OnlineStore store = OnlineStore.open(FeaturePipelineService.onlineStoreConfig(pipeline, config),
                     new SimpleMeterRegistry())) {
            ServingCatalog catalog = ServingCatalog.of(pipeline, EntityTypes.fromAvro(name -> registry
                    .getLatest(FeatureSchemas.subject(names.features(name))).avroSchema()));
            ServingView servingView = catalog.view(view);
            List<String> parts;
            try {
                parts = EntityKeys.split(entity, servingView.entities().size());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(command.commandLine(), "view " + view + " is keyed by "
                        + servingView.entities().size() + " fields: " + e.getMessage());
            }
            EntityFeatures found = new OnlineFeatures(catalog, store.reader(), Clock.systemUTC())
                    .get(view, parts.toArray());
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(body(found)));
            } else {
                print(out, found);
            }
        }
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, EntityFeatures found) {
        out.printf("%s %s, as of %s%n", found.view(), found.entity(),
                found.eventTime().map(Object::toString).orElse("(no row)"));
        int width = found.features().keySet().stream().mapToInt(String::length).max().orElse(0);
        found.features().forEach((name, value) -> out.printf("  %-" + width + "s  %-16s %s%n", name, value.status(),
                value.value() instanceof byte[] bytes ? java.util.HexFormat.of().formatHex(bytes) : value.value()));
    }

    private static Map<String, Object> body(EntityFeatures found) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("view", found.view());
        body.put("entity", found.entity());
        String eventTime = found.eventTime().map(Object::toString).orElse(null);
        body.put("event_timestamp", eventTime);
        Map<String, Object> features = new LinkedHashMap<>();
        found.features().forEach((name, value) -> {
            Map<String, Object> feature = new LinkedHashMap<>();
            feature.put("value", value.value());
            feature.put("status", value.status());
            features.put(name, feature);
        });
        body.put("features", features);
        return body;
    }
}

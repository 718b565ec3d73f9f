package dev.flywheel.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.features.dataset.DatasetBuilder;
import dev.flywheel.features.dataset.DatasetBuilderSettings;
import dev.flywheel.features.dataset.DatasetResult;
import dev.flywheel.features.dataset.DatasetSpec;
import dev.flywheel.features.dataset.EntityInput;
import dev.flywheel.features.dataset.FeatureRef;
import dev.flywheel.features.dataset.SnapshotPublisher;
import dev.flywheel.features.dataset.ViewInfo;
import dev.flywheel.features.offline.OfflineStore;
import dev.flywheel.features.offline.OfflineStoreConfig;
import dev.flywheel.schemas.events.DatasetSnapshot;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.spec.FeatureViewSpec;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.LabelSpec;
import dev.flywheel.topology.spec.ModelSpec;
import dev.flywheel.topology.spec.SourceSpec;
import dev.flywheel.topology.topics.AvroTopicSerdes;
import dev.flywheel.topology.topics.Topic;
import dev.flywheel.topology.topics.TopicCatalogue;
import dev.flywheel.topology.topics.TopicProvisioner;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code flywheel datasets build}: entity (label) rows joined point-in-time with features, written to the offline
 * tier's {@code datasets/<id>/} with a manifest and reference profiles, and announced on {@code flywheel.datasets}.
 */
@Command(name = "build", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Build a point-in-time-correct training dataset (Feast semantics) into the offline tier.")
final class DatasetsBuildCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Input input;

    /** Where the entity rows come from: a local file, or a label stream's records in the offline tier. */
    static final class Input {
        @Option(names = "--entities", paramLabel = "FILE",
                description = "Entity rows: a Parquet file, or a CSV file with a header row (by extension).")
        Path entities;

        @Option(names = "--labels", paramLabel = "STREAM",
                description = "Entity rows from the offline tier: a label stream of the spec (or a source) by name.")
        String labels;
    }

    @Option(names = "--timestamp-column", paramLabel = "COLUMN",
            description = "The entity rows' time column (default: the label stream's or source's timestamp field).")
    String timestampColumn;

    @Option(names = "--label-column", paramLabel = "COLUMN",
            description = "The label column (default: the label stream's field, with --labels or --model).")
    String labelColumn;

    @Option(names = "--features", paramLabel = "VIEW:FEATURE", split = ",",
            description = "Features to join, e.g. card_spend:txn_count,card_spend:avg_amount (repeatable).")
    List<String> features = List.of();

    @Option(names = "--model", paramLabel = "NAME",
            description = "Take the features and the label stream from this model of the spec.")
    String model;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where inputs are downloaded and joins spill (default: the system temporary folder).")
    Path workDir;

    @Mixin
    SpecOption spec = new SpecOption();

    @Mixin
    SettingsOptions settings = new SettingsOptions();

    @Override
    public Integer call() throws Exception {
        FlywheelSpec pipeline = spec.load().orElseThrow(() -> new IllegalArgumentException(
                "datasets build needs the pipeline spec for the views' entities and ttls: pass -f FILE or run where "
                        + SpecOption.DEFAULT_SPEC + " is"));
        DatasetSpec datasetSpec = datasetSpec(pipeline);
        FlywheelConfig config = settings.load();
        DatasetBuilderSettings defaults = DatasetBuilderSettings.defaults();
        DatasetBuilderSettings builderSettings = workDir == null ? defaults
                : new DatasetBuilderSettings(workDir, defaults.maxRowsInMemory(), defaults.profileSampleSize());
        DatasetResult result;
        try (SchemaRegistryClient registry = ClientConfigs.schemaRegistryClient(config);
             OfflineStore store = OfflineStore.open(OfflineStoreConfig.from(config))) {
            Topic<String, DatasetSnapshot> datasets = TopicCatalogue.of(pipeline, config,
                    new AvroTopicSerdes(registry, Map.of())).datasets();
            try (Admin admin = Admin.create(ClientConfigs.kafka(config))) {
                new TopicProvisioner(admin).provision(List.of(datasets));
            }
            Map<String, Object> kafka = new HashMap<>();
            ClientConfigs.kafka(config).forEach((key, value) -> kafka.put(key.toString(), value));
            try (SnapshotPublisher.Kafka publisher = SnapshotPublisher.kafka(datasets, kafka)) {
                result = new DatasetBuilder(store, ViewInfo.of(pipeline), builderSettings, publisher, Clock.systemUTC())
                        .build(datasetSpec);
            }
        }
        print(result, datasetSpec);
        return 0;
    }

    /** The build request the options describe, checked against the spec. */
    DatasetSpec datasetSpec(FlywheelSpec pipeline) {
        Optional<ModelSpec> modelSpec = model == null ? Optional.empty()
                : pipeline.models().stream().filter(m -> m.name().equals(model)).findFirst();
        if (model != null) {
            if (modelSpec.isEmpty()) {
                throw new IllegalArgumentException("No model '" + model + "' in " + spec.path().orElseThrow()
                        + known(pipeline.models().stream().map(ModelSpec::name).toList(), "models"));
            }
        }
        if (modelSpec.isPresent() && !features.isEmpty()) {
            throw new IllegalArgumentException("--features and --model exclude each other: the model names its features");
        }
        List<FeatureRef> refs = modelSpec.map(m -> m.features().stream()
                        .map(f -> new FeatureRef(f.view(), f.feature())).toList())
                .orElseGet(() -> features.stream().map(String::trim).filter(s -> !s.isEmpty()).map(FeatureRef::parse)
                        .toList());
        if (refs.isEmpty()) {
            throw new IllegalArgumentException("no features: pass --features VIEW:FEATURE,... or --model NAME");
        }
        for (FeatureRef ref : refs) {
            FeatureViewSpec view = pipeline.featureViews().stream().filter(v -> v.name().equals(ref.view())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("No feature view '" + ref.view() + "' (in " + ref
                            + ")" + known(pipeline.featureViews().stream().map(FeatureViewSpec::name).toList(), "views")));
            if (view.features().stream().noneMatch(f -> f.name().equals(ref.feature()))) {
                throw new IllegalArgumentException("Feature view '" + ref.view() + "' has no feature '" + ref.feature()
                        + "'" + known(view.features().stream().map(f -> f.name()).toList(), "features"));
            }
        }
        String labelsName = input != null && input.labels != null ? input.labels
                : input == null || input.entities == null ? modelSpec.map(ModelSpec::label).orElse(null) : null;
        Optional<LabelSpec> labelSpec = labelsName == null ? Optional.empty() : pipeline.label(labelsName);
        EntityInput entities;
        Optional<String> fromStream = Optional.empty();
        if (labelsName != null) {
            SourceSpec source = offlineSource(pipeline, labelsName, labelSpec);
            entities = new EntityInput.OfflineSource(source.name());
            fromStream = labelSpec.flatMap(LabelSpec::timestamp).or(source::timestamp);
        } else if (input != null && input.entities != null) {
            entities = fileInput(input.entities);
        } else {
            throw new IllegalArgumentException("no entity rows: pass --entities FILE, --labels STREAM or --model NAME");
        }
        Optional<String> defaultTimestamp = fromStream;
        String timestamp = Optional.ofNullable(timestampColumn).or(() -> defaultTimestamp)
                .orElseThrow(() -> new IllegalArgumentException(
                        "no timestamp column: pass --timestamp-column COLUMN (the entity rows' time)"));
        Optional<String> label = Optional.ofNullable(labelColumn)
                .or(() -> labelSpec.filter(l -> modelSpec.isPresent() || input != null && input.labels != null)
                        .map(LabelSpec::field));
        return new DatasetSpec(entities, timestamp, label, refs, modelSpec.map(ModelSpec::name), Optional.empty(),
                List.of());
    }

    private static SourceSpec offlineSource(FlywheelSpec pipeline, String name, Optional<LabelSpec> label) {
        Optional<SourceSpec> source = label.isPresent() ? pipeline.labelSource(name) : pipeline.source(name);
        return source.orElseThrow(() -> new IllegalArgumentException(label.isPresent()
                ? "Label stream '" + name + "' (topic " + label.get().topic() + ") is fed by no source of the spec, so"
                        + " it has no records in the offline tier; pass --entities FILE"
                : "No label stream or source '" + name + "' in the spec"
                        + known(pipeline.labels().stream().map(LabelSpec::name).toList(), "label streams")));
    }

    private static EntityInput fileInput(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("No entity file " + file);
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".parquet")) {
            return new EntityInput.ParquetFile(file);
        }
        if (name.endsWith(".csv")) {
            return new EntityInput.CsvFile(file);
        }
        throw new IllegalArgumentException("Entity file " + file + " must end in .parquet or .csv");
    }

    private static String known(List<String> names, String what) {
        return names.isEmpty() ? ": it declares no " + what : "; its " + what + " are: " + String.join(", ", names);
    }

    private void print(DatasetResult result, DatasetSpec datasetSpec) throws Exception {
        PrintWriter out = command.commandLine().getOut();
        DatasetSnapshot snapshot = result.snapshot();
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode node = mapper.createObjectNode()
                    .put("dataset_id", result.datasetId())
                    .put("rows", result.rowCount())
                    .put("data_uri", result.dataUri())
                    .put("manifest_uri", result.manifestUri())
                    .put("timestamp_column", datasetSpec.timestampColumn())
                    .put("label", datasetSpec.label().orElse(null))
                    .put("start_time", snapshot.getStartTime() == null ? null : snapshot.getStartTime().toString())
                    .put("end_time", snapshot.getEndTime() == null ? null : snapshot.getEndTime().toString());
            datasetSpec.features().forEach(f -> node.withArray("features").add(f.toString()));
            out.println(mapper.writeValueAsString(node));
        } else {
            out.printf("Built dataset %s: %d rows, %d features (%s)%n", result.datasetId(), result.rowCount(),
                    datasetSpec.features().size(), datasetSpec.features().stream().map(FeatureRef::toString)
                            .collect(Collectors.joining(", ")));
            if (snapshot.getStartTime() != null) {
                out.printf("Time range: %s .. %s%n", snapshot.getStartTime(), snapshot.getEndTime());
            }
            out.printf("Data: %s%nManifest: %s%n", result.dataUri(), result.manifestUri());
        }
        out.flush();
    }
}

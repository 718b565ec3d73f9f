package dev.flywheel.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.cli.kafka.ManualTraining;
import dev.flywheel.schemas.events.TrainingJobStatus;
import dev.flywheel.schemas.events.TrainingRequested;
import dev.flywheel.schemas.events.TrainingState;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.ModelSpec;
import dev.flywheel.topology.topics.AvroTopicSerdes;
import dev.flywheel.topology.topics.Topic;
import dev.flywheel.topology.topics.TopicCatalogue;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code flywheel train MODEL}: asks for a training by hand. As the training trigger's design has it, a manual
 * request is a {@code TrainingRequested} (trigger MANUAL) written to {@code flywheel.training}, whose only cause is
 * the command id {@code manual:<id>}: its request id is derived from it, so sending the same {@code --id} again
 * makes no second request or job. The trigger's policy books it and its request flow runs it;
 * {@code --wait} follows the request's {@code TrainingJobStatus} events until SUCCEEDED or FAILED.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Request a training of a model by hand; prints the request id.",
            "The training trigger (`flywheel up` or `flywheel run trigger`) builds the dataset and runs the job."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:requested (with --wait: the job SUCCEEDED)", "1:failed, or with --wait the job FAILED",
            "2:wrong usage"})
final class TrainCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A model of the spec.")
    String model;

    @Option(names = "--id", paramLabel = "ID", description = "Command id: the same id always makes the same request, "
            + "so a retried command never trains twice (default: a new UUID).")
    String id;

    @Option(names = "--by", paramLabel = "NAME", description = "Who asks (default: the user name).")
    String requestedBy = System.getProperty("user.name", "cli");

    @Option(names = "--wait", description = "Follow the job's status events until it SUCCEEDED or FAILED.")
    boolean await;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "With --wait: give up after this long (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds = 3600;

    @Option(names = "--json", description = "Print the request (and with --wait its last status) as JSON.")
    boolean json;

    @Mixin
    SpecOption spec = new SpecOption();

    @Mixin
    SettingsOptions settings = new SettingsOptions();

    @Override
    public Integer call() throws Exception {
        if (id != null && id.isBlank()) {
            throw new picocli.CommandLine.ParameterException(command.commandLine(), "--id must not be blank");
        }
        FlywheelConfig config = settings.load();
        FlywheelSpec pipeline = spec.load().orElseThrow(() -> new IllegalArgumentException(
                "No spec: `flywheel train` needs the flywheel.yaml that declares the model (-f FILE)"));
        ModelSpec modelSpec = pipeline.model(model).orElseThrow(() -> new IllegalArgumentException("No model '"
                + model + "' in " + spec.path().orElseThrow() + (pipeline.models().isEmpty() ? ": it declares no models"
                : "; its models are: " + pipeline.models().stream().map(ModelSpec::name).collect(Collectors.joining(", ")))));
        try (Admin admin = KafkaClients.admin(config, KafkaClients.TIMEOUT)) {
            KafkaClients.requireReachable(admin, config, KafkaClients.TIMEOUT);
        }
        try (SchemaRegistryClient registry = RegistryClients.bounded(config)) {
            Topic<String, SpecificRecord> training = TopicCatalogue.of(pipeline, config,
                    new AvroTopicSerdes(registry, Map.of())).training();
            ManualTraining.Requested requested = ManualTraining.request(KafkaClients.bounded(config,
                    KafkaClients.TIMEOUT), KafkaClients.TIMEOUT, training, modelSpec,
                    Optional.ofNullable(id).orElseGet(() -> UUID.randomUUID().toString()), requestedBy,
                    Clock.systemUTC().instant());
            TrainingRequested request = requested.request();
            String commandId = requested.commandId();
            RecordMetadata written = requested.written();
            PrintWriter out = command.commandLine().getOut();
            if (!json) {
                out.printf("Requested training of %s: request %s (command %s, %s partition %d offset %d).%n", model,
                        request.getRequestId(), commandId, training.name(), written.partition(), written.offset());
                out.flush();
            }
            Optional<TrainingJobStatus> last = Optional.empty();
            if (await) {
                last = Optional.of(new StatusFollower(config, training, request.getRequestId(),
                        Duration.ofSeconds(timeoutSeconds)).follow(written.partition(), json ? null : out));
            }
            if (json) {
                out.println(json(request, commandId, written, last));
                out.flush();
            }
            return last.map(status -> status.getState() == TrainingState.SUCCEEDED ? 0 : Flywheel.EXIT_FAILURE)
                    .orElse(0);
        }
    }

    private static String json(TrainingRequested request, String commandId, RecordMetadata written,
                               Optional<TrainingJobStatus> last) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode node = mapper.createObjectNode().put("request_id", request.getRequestId())
                .put("model", request.getModel()).put("command_id", commandId).put("event_id", request.getEventId())
                .put("topic", written.topic()).put("partition", written.partition()).put("offset", written.offset());
        last.ifPresent(status -> node.set("status", AvroJson.of(status)));
        return mapper.writeValueAsString(node);
    }
}

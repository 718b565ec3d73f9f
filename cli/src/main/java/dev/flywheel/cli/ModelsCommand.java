package dev.flywheel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code flywheel models}: the model registry of a running {@code flywheel up}, through its HTTP API.
 * Promote and rollback need the API token ({@code FLYWHEEL_API_TOKEN} or {@code --set api.token=...}).
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List models and versions, walk a version's lineage, promote or roll back.",
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Show.class, ModelsCommand.LineageOf.class,
            ModelsCommand.Promote.class, ModelsCommand.Rollback.class})
final class ModelsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public void run() {
        command.commandLine().usage(command.commandLine().getOut());
    }

    /** Where the API is, how to authenticate, and how to print. */
    static final class Connection {

        @Option(names = "--api", paramLabel = "URL", description = "The API of a running flywheel up "
                + "(default: ${DEFAULT-VALUE}).")
        URI api = URI.create("http://127.0.0.1:8080/");

        @Option(names = "--json", description = "Print the API's JSON answer.")
        boolean json;

        @Mixin
        SettingsOptions settings = new SettingsOptions();

        ApiClient client() {
            URI base = api.toString().endsWith("/") ? api : URI.create(api + "/");
            return new ApiClient(base, settings.load().apiToken().map(token -> token.value()));
        }

        static String segment(String text) {
            return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
        }
    }

    /** Base of the subcommands: run, then print as JSON or as text. */
    abstract static class ModelsSubcommand implements Callable<Integer> {

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec command;

        @Mixin
        Connection connection = new Connection();

        @Override
        public Integer call() {
            JsonNode answer = fetch(connection.client());
            PrintWriter out = command.commandLine().getOut();
            if (connection.json) {
                out.println(ApiClient.pretty(answer));
            } else {
                print(out, answer);
            }
            out.flush();
            return 0;
        }

        abstract JsonNode fetch(ApiClient client);

        abstract void print(PrintWriter out, JsonNode answer);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every model with its champion.")
    static final class ListModels extends ModelsSubcommand {
        @Override
        JsonNode fetch(ApiClient client) {
            return client.get("models");
        }

        @Override
        void print(PrintWriter out, JsonNode models) {
            if (models.isEmpty()) {
                out.println("No models yet: a model appears when its first version is registered.");
                return;
            }
            out.printf("%-24s %-8s %-9s %s%n", "MODEL", "LATEST", "CHAMPION", "PROMOTION");
            for (JsonNode model : models) {
                out.printf("%-24s %-8s %-9s %s%n", model.path("model").asText(), model.path("latest_version").asText(),
                        model.path("champion").isNull() ? "-" : model.path("champion").asText(),
                        model.path("promotion").asText("manual only"));
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A model's versions.")
    static final class Show extends ModelsSubcommand {
        @Parameters(index = "0", paramLabel = "MODEL")
        String model;

        @Override
        JsonNode fetch(ApiClient client) {
            return client.get("models/" + Connection.segment(model) + "/versions");
        }

        @Override
        void print(PrintWriter out, JsonNode versions) {
            out.printf("%-8s %-11s %-34s %-20s %s%n", "VERSION", "STAGE", "METRICS", "CREATED", "DATASET");
            for (JsonNode version : versions) {
                out.printf("%-8s %-11s %-34s %-20s %s%n", version.path("version").asText(), version.path("stage").asText(),
                        version.path("metrics").toString(), version.path("created_at").asText(),
                        version.path("dataset_id").asText("-"));
            }
        }
    }

    @Command(name = "lineage", mixinStandardHelpOptions = true,
            description = "Walk a version's causes back to the drift alarms, new data and feature views.")
    static final class LineageOf extends ModelsSubcommand {
        @Parameters(index = "0", paramLabel = "MODEL")
        String model;

        @Parameters(index = "1", paramLabel = "VERSION")
        int version;

        @Override
        JsonNode fetch(ApiClient client) {
            return client.get("models/" + Connection.segment(model) + "/versions/" + version + "/lineage");
        }

        @Override
        void print(PrintWriter out, JsonNode lineage) {
            out.printf("%s version %d%n  artifact  %s%n  dataset   %s%n  request   %s%n", model, version,
                    lineage.path("artifact_uri").asText("-"), lineage.path("dataset_id").asText("-"),
                    lineage.path("request_id").asText("-"));
            out.println("  events (from the version back to its causes):");
            for (JsonNode event : lineage.path("events")) {
                out.printf("    %-18s %s  %s  %s%n", event.path("type").asText(),
                        Instant.ofEpochMilli(event.path("occurred_at").asLong()), event.path("event_id").asText(),
                        event.path("attributes").toString());
            }
            out.println("  feature views: " + join(lineage.path("feature_views")));
            out.println("  features:      " + join(lineage.path("features")));
            if (!lineage.path("missing").isEmpty()) {
                out.println("  not found:     " + join(lineage.path("missing")));
            }
        }

        private static String join(JsonNode array) {
            StringBuilder text = new StringBuilder();
            array.forEach(item -> text.append(text.length() == 0 ? "" : ", ").append(item.asText()));
            return text.length() == 0 ? "-" : text.toString();
        }
    }

    @Command(name = "promote", mixinStandardHelpOptions = true, description = "Make a version the champion.")
    static final class Promote extends ModelsSubcommand {
        @Parameters(index = "0", paramLabel = "MODEL")
        String model;

        @Parameters(index = "1", paramLabel = "VERSION")
        int version;

        @Option(names = "--note", description = "Why, kept with the promotion.")
        String note = "";

        @Override
        JsonNode fetch(ApiClient client) {
            return client.post("models/" + Connection.segment(model) + "/versions/" + version + "/promote",
                    "{\"actor\":\"cli\",\"note\":" + quote(note) + "}");
        }

        @Override
        void print(PrintWriter out, JsonNode outcome) {
            out.println(outcome.path("applied").asBoolean()
                    ? model + " version " + version + " is the champion."
                    : "Promotion of " + model + " version " + version + " is queued (" + outcome.path("command_id").asText()
                            + ").");
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Archive the champion and bring back the previous one (or --to a version).")
    static final class Rollback extends ModelsSubcommand {
        @Parameters(index = "0", paramLabel = "MODEL")
        String model;

        @Option(names = "--to", paramLabel = "VERSION", description = "The version to bring back.")
        Integer to;

        @Option(names = "--note", description = "Why, kept with the rollback.")
        String note = "";

        @Override
        JsonNode fetch(ApiClient client) {
            return client.post("models/" + Connection.segment(model) + "/rollback", "{\"actor\":\"cli\",\"note\":"
                    + quote(note) + (to == null ? "" : ",\"version\":" + to) + "}");
        }

        @Override
        void print(PrintWriter out, JsonNode outcome) {
            out.println(outcome.path("applied").asBoolean()
                    ? model + " rolled back; champion is now version " + outcome.path("champion").asText("none") + "."
                    : "Rollback of " + model + " is queued (" + outcome.path("command_id").asText() + ").");
        }
    }

    private static String quote(String text) {
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.textNode(text).toString();
    }
}

package dev.flywheel.cli;

import dev.flywheel.platform.Endpoints;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.topics.ProvisioningReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What {@code flywheel up} prints once everything is up: where each service is, and what to do next. */
final class UpBanner {

    /** The embedded S3 server's default secret key: a well-known local development value. */
    static final String LOCAL_SECRET = "flywheel-secret";

    private final LocalBackbone backbone;
    private final LocalStages stages;
    private final Path spec;
    private final Path dataRoot;
    private final long startMillis;

    UpBanner(LocalBackbone backbone, LocalStages stages, Path spec, Path dataRoot, long startMillis) {
        this.backbone = backbone;
        this.stages = stages;
        this.spec = spec;
        this.dataRoot = dataRoot;
        this.startMillis = startMillis;
    }

    void print(PrintWriter out) {
        out.printf("Flywheel is up (%.1f s).%n%n", startMillis / 1000.0);
        Map<String, String> lines = lines();
        int width = lines.keySet().stream().mapToInt(String::length).max().orElse(0);
        lines.forEach((name, value) -> out.printf("  %-" + width + "s  %s%n", name, value));
        ProvisioningReport topics = backbone.topics();
        if (!topics.allOk()) {
            out.println();
            out.println("Some topics exist with other settings; they were left as they are:");
            topics.mismatched().forEach(mismatch -> out.println("  " + mismatch));
        }
        out.println();
        out.println("Try: curl -s " + backbone.config().registryUrl() + "/subjects");
        out.println("Press Ctrl-C to stop.");
    }

    private Map<String, String> lines() {
        Endpoints embedded = backbone.endpoints();
        FlywheelConfig config = backbone.config();
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("kafka", String.join(",", config.bootstrapServers()) + where(embedded.bootstrapServers()));
        lines.put("schema registry", config.registryUrl() + where(embedded.registryUrl()));
        if (embedded.redisUrl() != null) {
            lines.put("redis", embedded.describe().get("redis") + " (embedded)");
        } else {
            lines.put("redis", config.redisUrl() + " (external)");
        }
        if (embedded.s3Endpoint() != null) {
            lines.put("s3", embedded.s3Endpoint() + " (embedded, path-style, region " + embedded.s3Region() + ")");
            lines.put("s3 bucket", embedded.bucket());
            // The built-in development secret is printed so clients can be set up; one the user chose is not.
            boolean builtIn = LOCAL_SECRET.equals(embedded.s3SecretKey());
            lines.put("s3 credentials", embedded.s3AccessKey() + " / " + (builtIn ? LOCAL_SECRET : "****"));
        } else {
            lines.put("s3", config.s3Endpoint().map(Object::toString).orElse("AWS S3") + " (external), bucket "
                    + config.s3Bucket());
        }
        String api = "http://" + backbone.host() + ":" + stages.apiPort();
        lines.put("http api", api + " (POST /ingest/{source}, GET /features/{view}/{entity}, /health, /metrics)");
        lines.put("dashboard", api + "/");
        lines.put("feast grpc", backbone.host() + ":" + stages.feastPort() + " (feast.serving.ServingService)");
        lines.put("stages", "ingestion for " + plural(stages.ingestionStages(), "source") + ", features for "
                + plural(stages.featureViews(), "view"));
        lines.put("data", dataRoot != null ? dataRoot + " (kept between runs)" : "temporary (--fresh), deleted on stop");
        lines.put("spec", spec != null ? spec.toString() : "none: backbone topics only (pass -f flywheel.yaml)");
        ProvisioningReport topics = backbone.topics();
        lines.put("topics", backbone.catalogue().provisioned().size() + " (" + topics.created().size() + " created, "
                + topics.ok().size() + " already there, " + topics.mismatched().size() + " with other settings)");
        return lines;
    }

    private static String plural(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private static String where(String embeddedEndpoint) {
        return embeddedEndpoint != null ? " (embedded)" : " (external)";
    }
}

package dev.flywheel.cli;

import static dev.flywheel.topology.config.FlywheelSettings.REDIS_PASSWORD;
import static dev.flywheel.topology.config.FlywheelSettings.REDIS_URL;
import static dev.flywheel.topology.config.FlywheelSettings.S3_BUCKET;
import static dev.flywheel.topology.config.FlywheelSettings.S3_ENDPOINT;
import static dev.flywheel.topology.config.FlywheelSettings.envName;

import dev.flywheel.features.offline.OfflineStore;
import dev.flywheel.features.offline.OfflineStoreConfig;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.training.TrainingSettings;
import dev.flywheel.training.launch.KubernetesProbe;
import feast.proto.serving.ServingAPIProto.GetFeastServingInfoRequest;
import feast.proto.serving.ServingServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterResult;

/**
 * The checks of {@code flywheel doctor}, one method per endpoint, each bounded by a timeout and never throwing:
 * a failure is a {@link Check} that says what is wrong and how to fix it. {@code flywheel run} uses the same checks
 * to fail fast before it starts a stage.
 */
final class EndpointChecks {

    private static final String START_UP = "start `flywheel up` or set ";

    private final FlywheelConfig config;
    private final Duration timeout;

    EndpointChecks(FlywheelConfig config, Duration timeout) {
        this.config = config;
        this.timeout = timeout;
    }

    Check java() {
        Runtime.Version version = Runtime.version();
        String target = "Java " + version + " (" + System.getProperty("java.home") + ")";
        return version.feature() >= 17 ? Check.ok("java", target, "Java 17 or newer")
                : Check.fail("java", target, "Flywheel needs Java 17 or newer", "install a JDK 17+ and put it first "
                        + "on PATH (or set JAVA_HOME)");
    }

    Check kafka() {
        String target = String.join(",", config.bootstrapServers());
        try (Admin admin = KafkaClients.admin(config, timeout)) {
            DescribeClusterResult cluster = admin.describeCluster();
            String id = cluster.clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            int brokers = cluster.nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            return Check.ok("kafka", target, "cluster " + id + ", " + brokers + (brokers == 1 ? " broker" : " brokers"));
        } catch (Exception e) {
            interrupted(e);
            return Check.fail("kafka", target, KafkaClients.notReachable(config) + " (" + why(e) + ")",
                    KafkaClients.FIX);
        }
    }

    Check registry() {
        String target = config.registryUrl().toString();
        try (SchemaRegistryClient client = RegistryClients.bounded(config)) {
            int subjects = client.getAllSubjects().size();
            return Check.ok("registry", target, subjects + " subjects");
        } catch (RuntimeException e) {
            return Check.fail("registry", target, RegistryClients.notReachable(config) + " (" + why(e) + ")",
                    RegistryClients.FIX);
        }
    }

    /** A raw {@code PING} (after {@code AUTH} when a password is set): no Redis client outside feature-pipeline. */
    Check redis() {
        URI url = config.redisUrl();
        String target = url.getScheme() + "://" + url.getHost() + ":" + (url.getPort() < 0 ? 6379 : url.getPort());
        try (Socket socket = config.redisTls() ? SSLSocketFactory.getDefault().createSocket() : new Socket()) {
            socket.connect(new InetSocketAddress(url.getHost(), url.getPort() < 0 ? 6379 : url.getPort()),
                    (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            if (config.redisPassword().isPresent()) {
                out.write(resp("AUTH", config.redisPassword().get().value()));
                String auth = line(in);
                if (!auth.startsWith("+OK")) {
                    return Check.fail("redis", target, "Redis at " + target + " refused the password (" + auth + ")",
                            "set " + envName(REDIS_PASSWORD) + " to the right password");
                }
            }
            out.write(resp("PING"));
            String pong = line(in);
            if (pong.startsWith("+PONG")) {
                return Check.ok("redis", target, "PONG");
            }
            return Check.fail("redis", target, "Redis at " + target + " answered " + pong, pong.contains("NOAUTH")
                    ? "set " + envName(REDIS_PASSWORD) : "check that " + envName(REDIS_URL) + " points at Redis");
        } catch (IOException e) {
            return Check.fail("redis", target, "Redis at " + target + " is not reachable (" + why(e) + ")",
                    START_UP + envName(REDIS_URL));
        }
    }

    Check s3() {
        OfflineStoreConfig base = OfflineStoreConfig.from(config);
        String target = config.s3Endpoint().map(URI::toString).orElse("AWS S3") + " bucket " + base.bucket();
        OfflineStoreConfig.Builder builder = OfflineStoreConfig.builder(base.bucket()).region(base.region())
                .pathStyle(base.pathStyle()).callTimeout(timeout).retries(1, Duration.ofMillis(100),
                        Duration.ofMillis(100));
        base.endpoint().ifPresent(builder::endpoint);
        base.accessKey().ifPresent(key -> builder.credentials(key, base.secretKey().orElse("")));
        try (OfflineStore store = OfflineStore.open(builder.build())) {
            store.read("_flywheel/doctor");
            return Check.ok("s3", target, "bucket readable");
        } catch (RuntimeException e) {
            String why = why(e);
            boolean bucket = why.contains("NoSuchBucket") || why.contains("bucket does not exist");
            return Check.fail("s3", target, (bucket ? "S3 bucket " + base.bucket() + " does not exist" : "S3 at "
                    + target + " is not reachable") + " (" + why + ")", bucket ? "create it, or set "
                    + envName(S3_BUCKET) : START_UP + envName(S3_ENDPOINT) + " (and the s3.* credentials)");
        }
    }

    Check api(URI api) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(api.resolve("/health")).timeout(timeout)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return Check.ok("api", api.toString(), "every stage UP");
            }
            return Check.fail("api", api.toString(), "the API answers HTTP " + response.statusCode() + ": "
                    + response.body(), "see which stage is not UP in that answer, and its logs");
        } catch (IOException e) {
            return Check.fail("api", api.toString(), "the Flywheel API is not reachable (" + why(e) + ")",
                    "start `flywheel up` or `flywheel run <stage>`, or pass the right --api");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Check.fail("api", api.toString(), "interrupted", "run again");
        }
    }

    Check feast(String hostPort) {
        ManagedChannel channel = ManagedChannelBuilder.forTarget(hostPort).usePlaintext().build();
        try {
            String version = ServingServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .getFeastServingInfo(GetFeastServingInfoRequest.getDefaultInstance()).getVersion();
            return Check.ok("feast", hostPort, "Feast serving " + version);
        } catch (RuntimeException e) {
            return Check.fail("feast", hostPort, "Feast gRPC serving is not reachable (" + why(e) + ")",
                    "start `flywheel up` or `flywheel run features`, or pass the right --feast");
        } finally {
            channel.shutdownNow();
        }
    }

    Check kubernetes() {
        String target = "API server";
        try {
            target = KubernetesProbe.masterUrl();
            return Check.ok("kubernetes", target, KubernetesProbe.version(timeout));
        } catch (RuntimeException e) {
            return Check.fail("kubernetes", target, "the Kubernetes API server is not reachable (" + why(e) + ")",
                    "point KUBECONFIG (or ~/.kube/config's current context) at the cluster the spec's trainers use");
        }
    }

    Check trainer(TrainingSettings settings) {
        List<String> command = settings.trainerCommand();
        int jar = command.indexOf("-jar");
        if (jar < 0 || jar + 1 >= command.size()) {
            return Check.ok("trainer", String.join(" ", command), "custom trainer command");
        }
        Path path = Path.of(command.get(jar + 1)).toAbsolutePath().normalize();
        if (Files.isRegularFile(path)) {
            return Check.ok("trainer", path.toString(), "trainer jar present for the local launcher");
        }
        return Check.fail("trainer", path.toString(), "the trainer jar for the local launcher is missing",
                "build it with `./mvnw -pl trainer -am package -DskipTests`, or set "
                        + "FLYWHEEL_TRAINING_TRAINER_JAR");
    }

    private static byte[] resp(String... words) {
        StringBuilder command = new StringBuilder("*").append(words.length).append("\r\n");
        for (String word : words) {
            command.append('$').append(word.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(word)
                    .append("\r\n");
        }
        return command.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        if (c < 0 && line.isEmpty()) {
            throw new IOException("connection closed without an answer");
        }
        return line.toString();
    }

    private static String why(Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
                ? e.getCause() : e;
        String text = Flywheel.describe(cause);
        return text.length() > 200 ? text.substring(0, 197) + "..." : text;
    }

    private static void interrupted(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
    }
}

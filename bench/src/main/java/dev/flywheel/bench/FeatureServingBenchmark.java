package dev.flywheel.bench;

import dev.flywheel.features.online.EntityKey;
import dev.flywheel.features.online.EntityKeySerialization;
import dev.flywheel.features.online.FeatureRow;
import dev.flywheel.features.online.OnlineStore;
import dev.flywheel.features.online.OnlineStoreConfig;
import dev.flywheel.features.serving.EntityTypes;
import dev.flywheel.features.serving.FeastGrpcServer;
import dev.flywheel.features.serving.FeastServingService;
import dev.flywheel.features.serving.OnlineFeatures;
import dev.flywheel.features.serving.ServingCatalog;
import dev.flywheel.features.serving.ServingConfig;
import dev.flywheel.platform.redis.EmbeddedRedis;
import dev.flywheel.topology.spec.Aggregation;
import dev.flywheel.topology.spec.FeatureSpec;
import dev.flywheel.topology.spec.FeatureViewSpec;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.SourceSpec;
import dev.flywheel.topology.spec.TimeBounds;
import feast.proto.serving.ServingAPIProto.FeatureList;
import feast.proto.serving.ServingAPIProto.FieldStatus;
import feast.proto.serving.ServingAPIProto.GetOnlineFeaturesRequest;
import feast.proto.serving.ServingAPIProto.GetOnlineFeaturesResponse;
import feast.proto.serving.ServingServiceGrpc;
import feast.proto.types.ValueProto.RepeatedValue;
import feast.proto.types.ValueProto.Value;
import feast.proto.types.ValueProto.ValueType;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code GetOnlineFeatures} latency through the real gRPC server ({@link FeastGrpcServer} over {@link OnlineFeatures}
 * and the Redis online tier in Feast's layout), for 1 entity x 50 features and 100 entities x 50 features, from a
 * blocking client on the same machine. A timed harness loop (not JMH): per shape and trial, unmeasured warm-up
 * requests, then each request timed alone with {@link System#nanoTime()}; percentiles are exact over the trial's
 * requests; medians over trials. Beside them, the Feast Java server's published p99 (FACTS.md "Feast
 * compatibility").
 */
@Command(name = "features-serving", mixinStandardHelpOptions = true,
        description = "GetOnlineFeatures p50/p99 through the gRPC server: 1x50 and 100x50 (timed loop, medians).")
final class FeatureServingBenchmark implements Callable<Integer> {

    private static final String VIEW = "card_wide";
    private static final int FEATURES = 50;
    private static final int ENTITIES = 100;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Option(names = "--requests", description = "Timed 1x50 requests per trial; 100x50 gets a tenth "
            + "(default: ${DEFAULT-VALUE}).")
    int requests = 20_000;

    @Option(names = "--warmup-requests", description = "Unmeasured 1x50 requests per trial first; 100x50 gets a tenth "
            + "(default: ${DEFAULT-VALUE}).")
    int warmupRequests = 5_000;

    @Option(names = "--trials", description = "Measured trials (default: ${DEFAULT-VALUE}).")
    int trials = 3;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = command.commandLine().getOut();
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        results.put("1x50", new ArrayList<>());
        results.put("100x50", new ArrayList<>());
        EmbeddedRedis redis = EmbeddedRedis.builder().port(0).build();
        redis.start();
        FlywheelSpec spec = spec();
        OnlineStoreConfig storeConfig = OnlineStoreConfig.builder(spec.project()).host(redis.host()).port(redis.port())
                .keySerialization(EntityKeySerialization.V3).build();
        try (OnlineStore store = OnlineStore.open(storeConfig, new SimpleMeterRegistry())) {
            populate(store);
            ServingCatalog catalog = ServingCatalog.of(spec, EntityTypes.of(Map.of("card_id", ValueType.Enum.STRING)));
            FeastGrpcServer server = new FeastGrpcServer(ServingConfig.defaults().withHost("127.0.0.1").withPort(0),
                    new FeastServingService(new OnlineFeatures(catalog, store.reader(), Clock.systemUTC()), "bench"));
            server.start();
            ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.port(),
                    InsecureChannelCredentials.create()).build();
            try {
                ServingServiceGrpc.ServingServiceBlockingStub stub = ServingServiceGrpc.newBlockingStub(channel);
                out.printf("features-serving: GetOnlineFeatures over gRPC, %d features of one view, %d trials of %d "
                        + "(1x50) and %d (100x50) timed requests after %d and %d warm-up requests%n", FEATURES, trials,
                        requests, requests / 10, warmupRequests, warmupRequests / 10);
                out.printf("%-8s %-8s %10s %10s %10s%n", "trial", "shape", "p50 ms", "p99 ms", "max ms");
                for (int trial = 0; trial < trials; trial++) {
                    for (String shape : results.keySet()) {
                        int entities = shape.equals("1x50") ? 1 : ENTITIES;
                        int scale = entities == 1 ? 1 : 10;
                        measure(stub, entities, warmupRequests / scale);
                        double[] latencies = measure(stub, entities, requests / scale);
                        double[] summary = {percentile(latencies, 0.50), percentile(latencies, 0.99),
                            latencies[latencies.length - 1]};
                        results.get(shape).add(summary);
                        out.printf("%-8d %-8s %10.3f %10.3f %10.3f%n", trial + 1, shape, summary[0], summary[1],
                                summary[2]);
                        out.flush();
                    }
                }
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                server.close();
            }
        } finally {
            redis.stop();
        }
        out.printf("%-8s %-8s %10s %10s   %-24s %s%n", "median", "shape", "p50 ms", "p99 ms", "Feast Java p99 (FACTS)",
                "target p99");
        printMedian(out, "1x50", results.get("1x50"), "0.80-1.13 ms", "<= 1 ms");
        printMedian(out, "100x50", results.get("100x50"), "17-93 ms", "<= 10 ms");
        out.flush();
        return 0;
    }

    private static void printMedian(PrintWriter out, String shape, List<double[]> trials, String feast, String target) {
        out.printf("%-8s %-8s %10.3f %10.3f   %-24s %s%n", "", shape,
                Stats.median(trials.stream().map(t -> t[0]).toList()),
                Stats.median(trials.stream().map(t -> t[1]).toList()), feast, target);
    }

    /** Sends {@code count} requests one after another; returns their latencies in ms, sorted. */
    private static double[] measure(ServingServiceGrpc.ServingServiceBlockingStub stub, int entities, int count) {
        double[] latencies = new double[count];
        List<GetOnlineFeaturesRequest> requests = new ArrayList<>();
        for (int i = 0; i < ENTITIES; i++) {
            requests.add(request(entities == 1 ? List.of(i) : range(ENTITIES)));
        }
        for (int i = 0; i < count; i++) {
            GetOnlineFeaturesRequest request = requests.get(entities == 1 ? i % ENTITIES : 0);
            long start = System.nanoTime();
            GetOnlineFeaturesResponse response = stub.getOnlineFeatures(request);
            latencies[i] = (System.nanoTime() - start) / 1e6;
            if (i == 0) {
                check(response, entities);
            }
        }
        Arrays.sort(latencies);
        return latencies;
    }

    private static void check(GetOnlineFeaturesResponse response, int entities) {
        if (response.getResultsCount() != FEATURES + 1 && response.getResultsCount() != FEATURES) {
            throw new IllegalStateException("expected " + FEATURES + " result columns, got " + response.getResultsCount());
        }
        response.getResultsList().forEach(column -> {
            if (column.getStatusesCount() != entities) {
                throw new IllegalStateException("expected " + entities + " statuses, got " + column.getStatusesCount());
            }
        });
        FieldStatus last = response.getResults(response.getResultsCount() - 1).getStatuses(entities - 1);
        if (last != FieldStatus.PRESENT) {
            throw new IllegalStateException("the served feature is " + last + ", not PRESENT");
        }
    }

    private static double percentile(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static List<Integer> range(int n) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        return all;
    }

    private static GetOnlineFeaturesRequest request(List<Integer> entities) {
        FeatureList.Builder features = FeatureList.newBuilder();
        for (int f = 0; f < FEATURES; f++) {
            features.addVal(VIEW + ":" + name(f));
        }
        RepeatedValue.Builder keys = RepeatedValue.newBuilder();
        entities.forEach(e -> keys.addVal(Value.newBuilder().setStringVal(card(e))));
        return GetOnlineFeaturesRequest.newBuilder().setFeatures(features).putEntities("card_id", keys.build()).build();
    }

    private static void populate(OnlineStore store) {
        List<FeatureRow> rows = new ArrayList<>();
        Instant now = Instant.now();
        for (int e = 0; e < ENTITIES; e++) {
            Map<String, Value> values = new LinkedHashMap<>();
            for (int f = 0; f < FEATURES; f++) {
                values.put(name(f), Value.newBuilder().setDoubleVal(e * 1000.0 + f).build());
            }
            rows.add(new FeatureRow(VIEW, EntityKey.of("card_id", Value.newBuilder().setStringVal(card(e)).build()), now,
                    values));
        }
        store.writer().write(rows);
    }

    private static String name(int feature) {
        return String.format("f%02d", feature);
    }

    private static String card(int entity) {
        return String.format("card-%06d", entity);
    }

    private static FlywheelSpec spec() {
        SourceSpec source = new SourceSpec("txns", "txns", "card_id", Optional.of("ts"), Optional.empty(), List.of(),
                TimeBounds.DEFAULT, Optional.empty());
        List<FeatureSpec> features = new ArrayList<>();
        for (int f = 0; f < FEATURES; f++) {
            features.add(new FeatureSpec(name(f), Aggregation.SUM, Optional.of("amount"), Optional.empty()));
        }
        FeatureViewSpec view = new FeatureViewSpec(VIEW, "txns", List.of("card_id"), Optional.empty(),
                java.time.Duration.ZERO, features);
        return new FlywheelSpec("bench_serving", List.of(source), List.of(view), List.of(), List.of(), List.of());
    }
}

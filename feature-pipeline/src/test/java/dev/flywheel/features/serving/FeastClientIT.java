package dev.flywheel.features.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.feast.FeastClient;
import dev.feast.Row;
import dev.flywheel.features.online.EntityKey;
import dev.flywheel.features.online.FeastValues;
import dev.flywheel.features.online.FeatureRow;
import dev.flywheel.features.online.OnlineStore;
import dev.flywheel.features.online.OnlineStoreConfig;
import dev.flywheel.platform.redis.EmbeddedRedis;
import dev.flywheel.topology.spec.Aggregation;
import dev.flywheel.topology.spec.FeatureSpec;
import dev.flywheel.topology.spec.FeatureViewSpec;
import feast.proto.serving.ServingAPIProto.FieldStatus;
import feast.proto.types.ValueProto.Value;
import feast.proto.types.ValueProto.ValueType;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Feast's own Java client ({@code dev.feast:feast-serving-client} 0.38.0) against Flywheel's gRPC server, over
 * rows that Flywheel's writer put into a real Redis.
 */
class FeastClientIT {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String CONV_RATE = "driver_stats:conv_rate";
    private static final String TRIPS = "driver_stats:trips";
    private static final String NOTE = "driver_stats:note";

    private static EmbeddedRedis redis;
    private static OnlineStore store;
    private static FeastGrpcServer server;
    private static FeastClient client;

    @BeforeAll
    static void startEverything() {
        redis = EmbeddedRedis.builder().port(0).build();
        redis.start();
        store = OnlineStore.open(OnlineStoreConfig.builder("fraud").host(redis.host()).port(redis.port()).build(),
                new SimpleMeterRegistry());
        FeatureViewSpec view = new FeatureViewSpec("driver_stats", "trips", List.of("driver_id"),
                Optional.of(Duration.ofHours(1)), Duration.ZERO, List.of(
                        new FeatureSpec("conv_rate", Aggregation.AVG, Optional.of("converted"), Optional.empty()),
                        new FeatureSpec("trips", Aggregation.COUNT, Optional.empty(), Optional.empty()),
                        new FeatureSpec("note", Aggregation.LAST, Optional.of("note"), Optional.empty())));
        ServingCatalog catalog = new ServingCatalog("fraud",
                List.of(ServingView.of(view, EntityTypes.of(Map.of("driver_id", ValueType.Enum.INT64)))));
        OnlineFeatures features = new OnlineFeatures(catalog, store.reader(), Clock.fixed(NOW, ZoneOffset.UTC));
        server = new FeastGrpcServer(ServingConfig.defaults().withHost("127.0.0.1").withPort(0),
                new FeastServingService(features, "flywheel-test"));
        server.start();
        client = FeastClient.create("127.0.0.1", server.port());

        store.writer().write(List.of(
                row(1001, NOW.minus(Duration.ofMinutes(10)), 0.25, 12L, "vip"),
                row(1002, NOW.minus(Duration.ofHours(2)), 0.75, 3L, null)));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        try {
            if (client != null) {
                client.close();
            }
            if (server != null) {
                server.close();
            }
            if (store != null) {
                store.close();
            }
        } finally {
            redis.stop();
        }
    }

    private static FeatureRow row(long driver, Instant eventTime, double convRate, Long trips, String note) {
        Map<String, Value> values = new LinkedHashMap<>();
        values.put("conv_rate", FeastValues.of(convRate));
        values.put("trips", FeastValues.of(trips));
        values.put("note", FeastValues.of(note));
        return new FeatureRow("driver_stats", EntityKey.of("driver_id", FeastValues.of(driver)), eventTime, values);
    }

    @Test
    void shouldServeFreshExpiredAndMissingEntitiesToTheFeastClient() {
        // given: int32 entity values, as Row.set("driver_id", 1001) sends them for an INT64 entity
        List<Row> rows = List.of(Row.create().set("driver_id", 1001), Row.create().set("driver_id", 1002),
                Row.create().set("driver_id", 1003));

        // when
        List<Row> answer = client.getOnlineFeatures(List.of(CONV_RATE, TRIPS, NOTE), rows, "fraud");

        // then: fresh
        assertThat(answer).hasSize(3);
        Row fresh = answer.get(0);
        assertThat(fresh.getDouble(CONV_RATE)).isEqualTo(0.25);
        assertThat(fresh.getLong(TRIPS)).isEqualTo(12L);
        assertThat(fresh.getString(NOTE)).isEqualTo("vip");
        assertThat(fresh.getStatus(CONV_RATE)).isEqualTo(FieldStatus.PRESENT);
        assertThat(fresh.getEntityTimestamp().getSeconds()).isEqualTo(NOW.minus(Duration.ofMinutes(10)).getEpochSecond());
        // expired: the value is still returned
        Row expired = answer.get(1);
        assertThat(expired.getStatus(CONV_RATE)).isEqualTo(FieldStatus.OUTSIDE_MAX_AGE);
        assertThat(expired.getDouble(CONV_RATE)).isEqualTo(0.75);
        assertThat(expired.getStatus(NOTE)).isEqualTo(FieldStatus.OUTSIDE_MAX_AGE);
        // missing: NOT_FOUND with an empty value
        Row missing = answer.get(2);
        assertThat(missing.getStatus(CONV_RATE)).isEqualTo(FieldStatus.NOT_FOUND);
        assertThat(missing.getFields().get(CONV_RATE)).isEqualTo(Value.getDefaultInstance());
        assertThat(missing.getStatus(TRIPS)).isEqualTo(FieldStatus.NOT_FOUND);
        // the client copies the request's entity back into each row
        assertThat(missing.getInt("driver_id")).isEqualTo(1003);
    }

    @Test
    void shouldServeNullValueForAStoredNull() {
        store.writer().write(List.of(row(2001, NOW.minusSeconds(5), 0.5, 1L, null)));

        List<Row> answer = client.getOnlineFeatures(List.of(NOTE, TRIPS), List.of(Row.create().set("driver_id", 2001L)), "fraud");

        assertThat(answer.get(0).getStatus(NOTE)).isEqualTo(FieldStatus.NULL_VALUE);
        assertThat(answer.get(0).getStatus(TRIPS)).isEqualTo(FieldStatus.PRESENT);
    }

    @Test
    void shouldAnswerServingInfo() {
        assertThat(client.getFeastServingInfo().getVersion()).isEqualTo("flywheel-test");
    }

    @Test
    void shouldAnswerNotFoundForAnUnknownViewOrFeature() {
        StatusRuntimeException view = catchThrowableOfType(StatusRuntimeException.class,
                () -> client.getOnlineFeatures(List.of("nope:conv_rate"), List.of(Row.create().set("driver_id", 1)), "fraud"));
        StatusRuntimeException feature = catchThrowableOfType(StatusRuntimeException.class,
                () -> client.getOnlineFeatures(List.of("driver_stats:nope"), List.of(Row.create().set("driver_id", 1)), "fraud"));

        assertThat(view.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(view.getStatus().getDescription()).contains("nope");
        assertThat(feature.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void shouldAnswerInvalidArgumentForBadReferenceOrEntity() {
        StatusRuntimeException reference = catchThrowableOfType(StatusRuntimeException.class,
                () -> client.getOnlineFeatures(List.of("conv_rate"), List.of(Row.create().set("driver_id", 1)), "fraud"));
        StatusRuntimeException entityType = catchThrowableOfType(StatusRuntimeException.class,
                () -> client.getOnlineFeatures(List.of(CONV_RATE), List.of(Row.create().set("driver_id", "1001")), "fraud"));
        StatusRuntimeException missingEntity = catchThrowableOfType(StatusRuntimeException.class,
                () -> client.getOnlineFeatures(List.of(CONV_RATE), List.of(Row.create().set("rider_id", 1)), "fraud"));

        assertThat(reference.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(entityType.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(missingEntity.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(missingEntity.getStatus().getDescription()).contains("driver_id");
    }

    @Test
    void shouldServeTheJavaApiForTheHttpRoute() {
        EntityFeatures features = new OnlineFeatures(
                new ServingCatalog("fraud", List.of(new ServingView("driver_stats",
                        List.of(new EntityField("driver_id", ValueType.Enum.INT64)), List.of("conv_rate", "trips"),
                        Optional.of(Duration.ofHours(1))))),
                store.reader(), Clock.fixed(NOW, ZoneOffset.UTC)).get("driver_stats", "1001");

        assertThat(features.entity()).containsEntry("driver_id", 1001L);
        assertThat(features.features().get("conv_rate")).isEqualTo(new EntityFeatures.FeatureValue(0.25, "PRESENT"));
        assertThat(features.features().get("trips")).isEqualTo(new EntityFeatures.FeatureValue(12L, "PRESENT"));
        assertThat(features.eventTime()).contains(NOW.minus(Duration.ofMinutes(10)));
    }
}

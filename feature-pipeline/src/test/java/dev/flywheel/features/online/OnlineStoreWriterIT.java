package dev.flywheel.features.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Timestamp;
import dev.flywheel.platform.redis.EmbeddedRedis;
import feast.proto.types.ValueProto.Value;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The writer and reader against a real Redis server: layout bytes, newer-wins, TTL, failures. */
class OnlineStoreWriterIT {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static EmbeddedRedis redis;
    private static Jedis raw;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeAll
    static void startRedis() {
        redis = EmbeddedRedis.builder().port(0).build();
        redis.start();
        raw = new Jedis(redis.host(), redis.port());
    }

    @AfterAll
    static void stopRedis() {
        try {
            if (raw != null) {
                raw.close();
            }
        } finally {
            redis.stop();
        }
    }

    @BeforeEach
    void flush() {
        raw.flushAll();
    }

    private OnlineStore store(EntityKeySerialization version, Duration ttl) {
        return OnlineStore.open(OnlineStoreConfig.builder("proj").host(redis.host()).port(redis.port())
                .keySerialization(version).keyTtl(ttl).maxAttempts(2).backoff(Duration.ofMillis(10), Duration.ofMillis(10))
                .build(), meters);
    }

    private static FeatureRow row(long driver, Instant eventTime, double convRate) {
        return new FeatureRow("driver_stats", EntityKey.of("driver_id", Value.newBuilder().setInt64Val(driver).build()),
                eventTime, Map.of("conv_rate", Value.newBuilder().setDoubleVal(convRate).build()));
    }

    private static FeatureRow row(long driver, Instant eventTime, Instant created, double convRate) {
        FeatureRow row = row(driver, eventTime, convRate);
        return new FeatureRow(row.view(), row.entityKey(), eventTime, java.util.Optional.ofNullable(created), row.features());
    }

    private static byte[] v2Key(long driver) {
        return HexFormat.of().parseHex("02000000" + HexFormat.of().formatHex("driver_id".getBytes(StandardCharsets.UTF_8))
                + "04000000" + "08000000" + String.format("%016x", Long.reverseBytes(driver))
                + HexFormat.of().formatHex("proj".getBytes(StandardCharsets.UTF_8)));
    }

    private static double storedConvRate(byte[] key) throws Exception {
        return Value.parseFrom(raw.hget(key, FeatureFieldNames.murmur3("driver_stats:conv_rate"))).getDoubleVal();
    }

    @Test
    void shouldStoreFeastLayoutByteForByte() throws Exception {
        try (OnlineStore store = store(EntityKeySerialization.V2, null)) {
            // when
            WriteResult result = store.writer().write(List.of(row(1001, T0.plusMillis(250), 0.5)));

            // then: the key, field names and values a Feast reader looks up
            assertThat(result).isEqualTo(new WriteResult(1, 0));
            byte[] key = v2Key(1001);
            assertThat(raw.exists(key)).isTrue();
            assertThat(storedConvRate(key)).isEqualTo(0.5);
            Timestamp ts = Timestamp.parseFrom(raw.hget(key, "_ts:driver_stats".getBytes(StandardCharsets.UTF_8)));
            assertThat(ts.getSeconds()).isEqualTo(T0.getEpochSecond());
            assertThat(ts.getNanos()).isEqualTo(250_000_000);
            assertThat(raw.hlen(key)).isEqualTo(2);
            assertThat(raw.ttl(key)).isEqualTo(-1);
            assertThat(meters.get("flywheel.online.write.batch.size").tag("view", "driver_stats").summary().totalAmount()).isEqualTo(1);
        }
    }

    @Test
    void shouldIgnoreRedeliveryAndOlderEventsAtFullPrecision() throws Exception {
        try (OnlineStore store = store(EntityKeySerialization.V3, null)) {
            // given
            store.writer().write(List.of(row(7, T0.plusMillis(500), 1.0)));

            // when: a redelivery, an older event in the same second, an older second, then a newer event
            WriteResult redelivered = store.writer().write(List.of(row(7, T0.plusMillis(500), 9.0)));
            WriteResult olderSameSecond = store.writer().write(List.of(row(7, T0.plusMillis(200), 9.0)));
            WriteResult olderSecond = store.writer().write(List.of(row(7, T0.minusSeconds(1), 9.0)));
            double afterStale = storedConvRate(RedisLayout.of(store.config()).key(row(7, T0, 0).entityKey()));
            WriteResult newer = store.writer().write(List.of(row(7, T0.plusMillis(700), 2.0)));

            // then
            assertThat(List.of(redelivered, olderSameSecond, olderSecond)).containsOnly(new WriteResult(0, 1));
            assertThat(afterStale).isEqualTo(1.0);
            assertThat(newer).isEqualTo(new WriteResult(1, 0));
            assertThat(storedConvRate(RedisLayout.of(store.config()).key(row(7, T0, 0).entityKey()))).isEqualTo(2.0);
        }
    }

    @Test
    void shouldBreakEventTimeTiesByCreatedAndKeepFeastsTimestampField() throws Exception {
        try (OnlineStore store = store(EntityKeySerialization.V2, null)) {
            // given a row as of T0 computed at C, then its correction (same event time, computed later)
            Instant created = T0.plusSeconds(60);
            store.writer().write(List.of(row(1001, T0, created, 1.0)));
            WriteResult correction = store.writer().write(List.of(row(1001, T0, created.plusMillis(1), 2.0)));

            // when: the first computation is redelivered, an older computation arrives, and a row without created ties
            WriteResult redelivered = store.writer().write(List.of(row(1001, T0, created.plusMillis(1), 9.0)));
            WriteResult olderComputation = store.writer().write(List.of(row(1001, T0, created, 9.0)));
            WriteResult withoutCreated = store.writer().write(List.of(row(1001, T0, null, 9.0)));

            // then: the correction stands; _ts:<view> is exactly Feast's Timestamp of the event time
            byte[] key = v2Key(1001);
            assertThat(correction).isEqualTo(new WriteResult(1, 0));
            assertThat(List.of(redelivered, olderComputation, withoutCreated)).containsOnly(new WriteResult(0, 1));
            assertThat(storedConvRate(key)).isEqualTo(2.0);
            assertThat(raw.hget(key, "_ts:driver_stats".getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo(Timestamp.newBuilder().setSeconds(T0.getEpochSecond()).build().toByteArray());
            Timestamp storedCreated = Timestamp.parseFrom(raw.hget(key, "_created:driver_stats".getBytes(StandardCharsets.UTF_8)));
            assertThat(Instant.ofEpochSecond(storedCreated.getSeconds(), storedCreated.getNanos()))
                    .isEqualTo(created.plusMillis(1));
            assertThat(raw.hlen(key)).isEqualTo(3);
        }
    }

    @Test
    void shouldLetANewerEventWinWhateverItsCreatedAndForgetTheOldCreated() throws Exception {
        try (OnlineStore store = store(EntityKeySerialization.V3, null)) {
            // given a row written by Feast (no _created) and a later one of ours with a created time
            store.writer().write(List.of(row(5, T0, null, 1.0)));
            WriteResult tieAgainstFeastRow = store.writer().write(List.of(row(5, T0, T0.plusSeconds(1), 2.0)));

            // when: a newer event computed "earlier" (another task's clock), then a newer one without created
            WriteResult newerEarlierCreated = store.writer().write(List.of(row(5, T0.plusMillis(1), T0, 3.0)));
            WriteResult newerWithoutCreated = store.writer().write(List.of(row(5, T0.plusMillis(2), null, 4.0)));

            // then
            byte[] key = RedisLayout.of(store.config()).key(row(5, T0, 0).entityKey());
            assertThat(List.of(tieAgainstFeastRow, newerEarlierCreated, newerWithoutCreated))
                    .containsOnly(new WriteResult(1, 0));
            assertThat(storedConvRate(key)).isEqualTo(4.0);
            assertThat(raw.hexists(key, "_created:driver_stats".getBytes(StandardCharsets.UTF_8))).isFalse();
        }
    }

    @Test
    void shouldKeepTheNewestWhenABatchArrivesOutOfOrder() throws Exception {
        try (OnlineStore store = store(EntityKeySerialization.V3, null)) {
            // when: newest first, then two older events of the same entity, and another entity
            WriteResult result = store.writer().write(List.of(row(8, T0.plusSeconds(30), 3.0), row(8, T0.plusSeconds(10), 1.0),
                    row(9, T0, 5.0), row(8, T0.plusSeconds(20), 2.0)));

            // then
            assertThat(result).isEqualTo(new WriteResult(2, 2));
            List<List<StoredRow>> read = store.reader().read(List.of(new ReadRequest("driver_stats", List.of("conv_rate"),
                    List.of(row(8, T0, 0).entityKey(), row(9, T0, 0).entityKey(), row(10, T0, 0).entityKey()))));
            assertThat(read.get(0).get(0).eventTime()).contains(T0.plusSeconds(30));
            assertThat(read.get(0).get(0).values().get(0)).contains(Value.newBuilder().setDoubleVal(3.0).build());
            assertThat(read.get(0).get(1).values().get(0)).contains(Value.newBuilder().setDoubleVal(5.0).build());
            assertThat(read.get(0).get(2).eventTime()).isEmpty();
            assertThat(read.get(0).get(2).values().get(0)).isEmpty();
        }
    }

    @Test
    void shouldLeaveTheSameHashesAsRowByRowWritesWhenABatchSendsOnlyTheNewestRowPerEntity() {
        java.util.Random random = new java.util.Random(42);
        for (int round = 0; round < 30; round++) {
            // given: a stored row per entity, then a batch of several rows per entity, out of order, with ties of
            // event time (with and without created) and rows lacking a feature (an older record schema)
            List<FeatureRow> stored = new ArrayList<>();
            List<FeatureRow> batch = new ArrayList<>();
            for (int entity = 0; entity < 4; entity++) {
                stored.add(randomRow(random, entity));
            }
            for (int i = 0; i < 24; i++) {
                batch.add(randomRow(random, random.nextInt(4)));
            }

            // when: the batch in one write, and the same rows one write each, on two projects
            WriteResult batched;
            WriteResult oneByOne = new WriteResult(0, 0);
            try (OnlineStore together = projectStore("together"); OnlineStore alone = projectStore("alone")) {
                raw.flushAll();
                together.writer().write(stored);
                alone.writer().write(stored);
                batched = together.writer().write(batch);
                for (FeatureRow row : batch) {
                    WriteResult one = alone.writer().write(List.of(row));
                    oneByOne = new WriteResult(oneByOne.written() + one.written(), oneByOne.skipped() + one.skipped());
                }

                // then: every hash is the same, field by field, and every row is counted once
                for (int entity = 0; entity < 4; entity++) {
                    EntityKey key = randomRow(random, entity).entityKey();
                    assertThat(hash(RedisLayout.of(together.config()).key(key)))
                            .as("round %d, entity %d", round, entity)
                            .isEqualTo(hash(RedisLayout.of(alone.config()).key(key)));
                }
            }
            assertThat(batched.written() + batched.skipped()).isEqualTo(batch.size());
            assertThat(batched.written()).isLessThanOrEqualTo(oneByOne.written());
            assertThat(batched.written()).isPositive();
        }
    }

    private OnlineStore projectStore(String project) {
        return OnlineStore.open(OnlineStoreConfig.builder(project).host(redis.host()).port(redis.port())
                .keySerialization(EntityKeySerialization.V3).build(), meters);
    }

    private static FeatureRow randomRow(java.util.Random random, int entity) {
        Instant eventTime = T0.plusMillis(random.nextInt(4));
        Instant created = switch (random.nextInt(3)) {
            case 0 -> null;
            default -> T0.plusSeconds(10).plusMillis(random.nextInt(3));
        };
        Map<String, Value> features = new java.util.LinkedHashMap<>();
        features.put("conv_rate", Value.newBuilder().setDoubleVal(random.nextInt(1000)).build());
        if (random.nextInt(4) != 0) {
            features.put("trips", Value.newBuilder().setInt64Val(random.nextInt(1000)).build());
        }
        return new FeatureRow("driver_stats", EntityKey.of("driver_id", Value.newBuilder().setInt64Val(entity).build()),
                eventTime, java.util.Optional.ofNullable(created), features);
    }

    private static Map<String, String> hash(byte[] key) {
        Map<String, String> fields = new java.util.TreeMap<>();
        raw.hgetAll(key).forEach((field, value) -> fields.put(HexFormat.of().formatHex(field), HexFormat.of().formatHex(value)));
        return fields;
    }

    @Test
    void shouldSetExpireOnWrittenHashesWhenTtlIsSet() {
        try (OnlineStore store = store(EntityKeySerialization.V2, Duration.ofMinutes(1))) {
            store.writer().write(List.of(row(1001, T0, 0.5)));

            long ttl = raw.ttl(v2Key(1001));

            assertThat(ttl).isBetween(1L, 60L);
        }
    }

    @Test
    void shouldLoadTheScriptAgainAfterTheServerForgotIt() throws Exception {
        try (OnlineStore store = store(EntityKeySerialization.V2, null)) {
            store.writer().write(List.of(row(1, T0, 1.0)));
            raw.scriptFlush();

            WriteResult result = store.writer().write(List.of(row(1, T0.plusSeconds(1), 2.0)));

            assertThat(result).isEqualTo(new WriteResult(1, 0));
            assertThat(storedConvRate(v2Key(1))).isEqualTo(2.0);
        }
    }

    @Test
    void shouldFailPermanentlyWhenAKeyHoldsAnotherType() {
        try (OnlineStore store = store(EntityKeySerialization.V2, null)) {
            raw.set(v2Key(1), "not a hash".getBytes(StandardCharsets.UTF_8));

            OnlineStoreException e = catchThrowableOfType(OnlineStoreException.class,
                    () -> store.writer().write(List.of(row(1, T0, 1.0))));

            assertThat(e.retriable()).isFalse();
            assertThat(e).hasMessageContaining("WRONGTYPE");
        }
    }

    @Test
    void shouldFailRetriablyWhenRedisIsOutOfReach() {
        OnlineStoreConfig unreachable = OnlineStoreConfig.builder("proj").host("127.0.0.1").port(1).maxAttempts(2)
                .backoff(Duration.ofMillis(1), Duration.ofMillis(1)).build();
        try (OnlineStore store = OnlineStore.open(unreachable, meters)) {
            OnlineStoreException e = catchThrowableOfType(OnlineStoreException.class,
                    () -> store.writer().write(List.of(row(1, T0, 1.0))));

            assertThat(e.retriable()).isTrue();
        }
    }

    @Test
    void shouldReadManyEntitiesInOnePipeline() {
        try (OnlineStore store = store(EntityKeySerialization.V3, null)) {
            List<FeatureRow> rows = new ArrayList<>();
            List<EntityKey> keys = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                rows.add(row(i, T0.plusSeconds(i), i / 10.0));
                keys.add(rows.get(i).entityKey());
            }
            store.writer().write(rows);

            List<StoredRow> read = store.reader().read(List.of(new ReadRequest("driver_stats", List.of("conv_rate"), keys))).get(0);

            assertThat(read).hasSize(200);
            assertThat(read.get(123).values().get(0)).contains(Value.newBuilder().setDoubleVal(12.3).build());
            assertThat(read.get(123).eventTime()).contains(T0.plusSeconds(123));
        }
    }
}

package dev.flywheel.features.online;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import feast.proto.types.ValueProto.Value;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Writes feature rows to Redis in Feast's layout, one pipelined round trip per batch, only the rows that can change
 * Redis (per entity, the newest of the batch).
 *
 * <p>Each row is one {@code EVALSHA} of a small Lua script that compares the row's (event time, created) with the
 * stored ({@code _ts:<view>}, {@code _created:<view>}), each at full precision, and writes the features, both
 * times and the optional {@code EXPIRE} only when the row is strictly newer: a later event time, or the same
 * event time created later (the view's correction of a row after an out-of-order event). Redis runs a script atomically, so a redelivered batch or an
 * older event can never overwrite a newer one, whatever the order in which writers race. That makes
 * at-least-once delivery effectively once on the online tier.
 */
public final class OnlineStoreWriter {

    private static final String SCRIPT_RESOURCE = "write-newer.lua";
    private static final byte[] EMPTY = new byte[0];

    private final RedisBoundary boundary;
    private final RedisLayout layout;
    private final long ttlSeconds;
    private final OnlineStoreMetrics metrics;
    private final byte[] script;
    private final byte[] scriptSha;

    /**
     * A writer.
     *
     * @param boundary connections and retries
     * @param config the layout and TTL
     * @param registry where the meters go
     */
    public OnlineStoreWriter(RedisBoundary boundary, OnlineStoreConfig config, MeterRegistry registry) {
        this.boundary = Objects.requireNonNull(boundary, "boundary");
        this.layout = RedisLayout.of(config);
        this.ttlSeconds = config.keyTtl().map(Duration::toSeconds).orElse(0L);
        this.metrics = new OnlineStoreMetrics(registry);
        this.script = loadScript();
        this.scriptSha = sha1Hex(script);
    }

    /**
     * Writes a batch. Rows of one entity are applied in list order, each only if its (event time, created) is
     * newer than what is stored; a row superseded within the batch by a newer row of its entity that carries all
     * its features is not sent at all (same hash, one script call less, see {@link NewestPerEntity}) and counts as
     * skipped.
     *
     * @param rows the rows
     * @return how many were stored and how many skipped
     * @throws OnlineStoreException when Redis refuses the batch or stays out of reach past the retries; the
     *     batch may then be partly applied, and writing it again is safe
     */
    public WriteResult write(List<FeatureRow> rows) {
        if (rows.isEmpty()) {
            return new WriteResult(0, 0);
        }
        long start = System.nanoTime();
        List<byte[]> rowKeys = new ArrayList<>(rows.size());
        for (FeatureRow row : rows) {
            rowKeys.add(layout.key(row.entityKey()));
        }
        List<Integer> selected = NewestPerEntity.select(rows, rowKeys);
        List<List<byte[]>> keys = new ArrayList<>(selected.size());
        List<List<byte[]>> args = new ArrayList<>(selected.size());
        for (int i : selected) {
            keys.add(List.of(rowKeys.get(i)));
            args.add(arguments(rows.get(i)));
        }
        int superseded = rows.size() - selected.size();
        WriteResult sent = boundary.execute("write of " + selected.size() + " rows",
                jedis -> evalAll(jedis, keys, args), jedis -> jedis.scriptLoad(script));
        WriteResult result = new WriteResult(sent.written(), sent.skipped() + superseded);
        metrics.recordWrite(viewOf(rows), rows.size(), Duration.ofNanos(System.nanoTime() - start), result);
        return result;
    }

    private WriteResult evalAll(Jedis jedis, List<List<byte[]>> keys, List<List<byte[]>> args) {
        Pipeline pipeline = jedis.pipelined();
        for (int i = 0; i < keys.size(); i++) {
            pipeline.evalsha(scriptSha, keys.get(i), args.get(i));
        }
        List<Object> replies = pipeline.syncAndReturnAll();
        int written = 0;
        for (Object reply : replies) {
            if (reply instanceof JedisDataException error) {
                throw error;
            }
            if (Long.valueOf(1L).equals(reply)) {
                written++;
            }
        }
        return new WriteResult(written, replies.size() - written);
    }

    private List<byte[]> arguments(FeatureRow row) {
        Instant eventTime = row.eventTime();
        List<byte[]> args = new ArrayList<>(9 + 2 * row.features().size());
        args.add(layout.timestampField(row.view()));
        args.add(ascii(eventTime.getEpochSecond()));
        args.add(ascii(eventTime.getNano()));
        args.add(FeastValues.timestampBytes(eventTime));
        args.add(ascii(ttlSeconds));
        args.add(layout.createdField(row.view()));
        if (row.created().isPresent()) {
            Instant created = row.created().get();
            args.add(ascii(created.getEpochSecond()));
            args.add(ascii(created.getNano()));
            args.add(FeastValues.timestampBytes(created));
        } else {
            args.add(EMPTY);
            args.add(EMPTY);
            args.add(EMPTY);
        }
        for (Map.Entry<String, Value> feature : row.features().entrySet()) {
            args.add(layout.featureField(row.view(), feature.getKey()));
            args.add(FeastValues.valueBytes(feature.getValue()));
        }
        return args;
    }

    private static String viewOf(List<FeatureRow> rows) {
        String view = rows.get(0).view();
        return rows.stream().allMatch(row -> row.view().equals(view)) ? view : "*";
    }

    /** The decimal digits of a number, as {@code Long.toString(number)} in US-ASCII, without the string. */
    static byte[] ascii(long number) {
        if (number == Long.MIN_VALUE) {
            return Long.toString(number).getBytes(StandardCharsets.US_ASCII);
        }
        boolean negative = number < 0;
        long rest = Math.abs(number);
        int digits = 1;
        for (long bound = 10; digits < 19 && rest >= bound; bound *= 10) {
            digits++;
        }
        byte[] out = new byte[digits + (negative ? 1 : 0)];
        for (int at = out.length - 1; at >= (negative ? 1 : 0); at--) {
            out[at] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        if (negative) {
            out[0] = '-';
        }
        return out;
    }

    private static byte[] loadScript() {
        try (InputStream in = OnlineStoreWriter.class.getResourceAsStream(SCRIPT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + SCRIPT_RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SCRIPT_RESOURCE, e);
        }
    }

    private static byte[] sha1Hex(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(bytes);
            return HexFormat.of().formatHex(digest).getBytes(StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-1", e);
        }
    }
}

package dev.flywheel.features.online;

import feast.proto.types.ValueProto.Value;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * Reads feature rows in Feast's layout: one {@code HMGET key _ts:<view> field...} per entity and view, all of a
 * call pipelined in one round trip, with the same bounded retries as writes.
 */
public final class OnlineStoreReader {

    private final RedisBoundary boundary;
    private final RedisLayout layout;
    private final OnlineStoreMetrics metrics;

    /**
     * A reader.
     *
     * @param boundary connections and retries
     * @param config the layout
     * @param registry where the meters go
     */
    public OnlineStoreReader(RedisBoundary boundary, OnlineStoreConfig config, MeterRegistry registry) {
        this.boundary = Objects.requireNonNull(boundary, "boundary");
        this.layout = RedisLayout.of(config);
        this.metrics = new OnlineStoreMetrics(registry);
    }

    /**
     * Reads every request in one pipelined round trip.
     *
     * @param requests per view, the features and entities
     * @return per request, per entity, what is stored
     * @throws OnlineStoreException when Redis refuses or stays out of reach past the retries
     * @throws CorruptOnlineValueException when a stored field is not in Feast's format
     */
    public List<List<StoredRow>> read(List<ReadRequest> requests) {
        long start = System.nanoTime();
        List<List<byte[]>> raw = boundary.execute("read", jedis -> hmgetAll(jedis, requests), jedis -> null);
        List<List<StoredRow>> rows = new ArrayList<>(requests.size());
        int next = 0;
        for (ReadRequest request : requests) {
            List<StoredRow> viewRows = new ArrayList<>(request.entities().size());
            for (int i = 0; i < request.entities().size(); i++) {
                viewRows.add(decode(raw.get(next++)));
            }
            rows.add(viewRows);
        }
        metrics.recordRead(Duration.ofNanos(System.nanoTime() - start));
        return rows;
    }

    private List<List<byte[]>> hmgetAll(Jedis jedis, List<ReadRequest> requests) {
        Pipeline pipeline = jedis.pipelined();
        List<Response<List<byte[]>>> responses = new ArrayList<>();
        for (ReadRequest request : requests) {
            byte[][] fields = new byte[request.features().size() + 1][];
            fields[0] = layout.timestampField(request.view());
            for (int f = 0; f < request.features().size(); f++) {
                fields[f + 1] = layout.featureField(request.view(), request.features().get(f));
            }
            for (EntityKey entity : request.entities()) {
                responses.add(pipeline.hmget(layout.key(entity), fields));
            }
        }
        pipeline.sync();
        List<List<byte[]>> raw = new ArrayList<>(responses.size());
        for (Response<List<byte[]>> response : responses) {
            raw.add(response.get()); // rethrows an error reply, for the boundary to classify
        }
        return raw;
    }

    private static StoredRow decode(List<byte[]> fields) {
        Optional<java.time.Instant> eventTime = FeastValues.parseTimestamp(fields.get(0));
        List<Optional<Value>> values = new ArrayList<>(fields.size() - 1);
        for (int i = 1; i < fields.size(); i++) {
            byte[] bytes = fields.get(i);
            values.add(bytes == null ? Optional.empty() : Optional.of(FeastValues.parseValue(bytes)));
        }
        return new StoredRow(eventTime, values);
    }
}

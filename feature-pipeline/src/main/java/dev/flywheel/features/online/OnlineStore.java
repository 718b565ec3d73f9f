package dev.flywheel.features.online;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/**
 * The online tier: one Jedis connection pool, with a {@link OnlineStoreWriter} and a {@link OnlineStoreReader}
 * over it. Open with {@link #open(OnlineStoreConfig, MeterRegistry)}, close when done.
 */
public final class OnlineStore implements AutoCloseable {

    private final OnlineStoreConfig config;
    private final JedisPool pool;
    private final OnlineStoreWriter writer;
    private final OnlineStoreReader reader;

    private OnlineStore(OnlineStoreConfig config, JedisPool pool, MeterRegistry registry) {
        this.config = config;
        this.pool = pool;
        RedisBoundary boundary = new RedisBoundary(pool::getResource, config, duration -> Thread.sleep(duration.toMillis()));
        this.writer = new OnlineStoreWriter(boundary, config, registry);
        this.reader = new OnlineStoreReader(boundary, config, registry);
    }

    /**
     * Opens the pool; connections are made on first use, so Redis need not be up yet.
     *
     * @param config where and how
     * @param registry where the meters go
     * @return the online store
     */
    public static OnlineStore open(OnlineStoreConfig config, MeterRegistry registry) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(registry, "registry");
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) config.connectTimeout().toMillis())
                .socketTimeoutMillis((int) config.socketTimeout().toMillis())
                .database(config.database())
                .ssl(config.tls())
                .clientName("flywheel-online");
        config.password().ifPresent(client::password);
        GenericObjectPoolConfig<Jedis> poolConfig = new GenericObjectPoolConfig<>();
        poolConfig.setMaxTotal(config.poolSize());
        poolConfig.setMaxIdle(config.poolSize());
        poolConfig.setMaxWait(config.connectTimeout());
        poolConfig.setTestWhileIdle(true);
        poolConfig.setJmxEnabled(false);
        JedisPool pool = new JedisPool(poolConfig, new HostAndPort(config.host(), config.port()), client.build());
        return new OnlineStore(config, pool, registry);
    }

    /** The settings. */
    public OnlineStoreConfig config() {
        return config;
    }

    /** The writer. */
    public OnlineStoreWriter writer() {
        return writer;
    }

    /** The reader. */
    public OnlineStoreReader reader() {
        return reader;
    }

    /** Closes every pooled connection. */
    @Override
    public void close() {
        pool.close();
    }
}

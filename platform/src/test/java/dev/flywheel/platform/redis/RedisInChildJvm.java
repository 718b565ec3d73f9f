package dev.flywheel.platform.redis;

/**
 * Run in a separate JVM by {@link EmbeddedRedisIT}: starts Redis, prints its pid and waits to be
 * terminated, never calling stop, so that the test can see the shutdown hook end the server.
 */
public final class RedisInChildJvm {

    private RedisInChildJvm() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedRedis redis = EmbeddedRedis.builder().port(0).binary(RedisBinary.valueOf(args[0])).build();
        redis.start();
        System.out.println("REDIS_DIR " + redis.dataDirectory());
        System.out.println("REDIS_PID " + redis.pid());
        System.out.flush();
        Thread.sleep(60_000);
    }
}

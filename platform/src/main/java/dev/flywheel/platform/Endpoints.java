package dev.flywheel.platform;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where clients reach a started {@link EmbeddedPlatform}. A service that was skipped has {@code null}
 * values.
 *
 * @param bootstrapServers Kafka {@code bootstrap.servers}, e.g. {@code 127.0.0.1:9092}
 * @param registryUrl      schema registry base URL, e.g. {@code http://127.0.0.1:8081}
 * @param redisUrl         {@code redis://host:port}, or {@code redis://:password@host:port} when a password
 *                         is set (percent-encoded)
 * @param s3Endpoint       S3 endpoint override, e.g. {@code http://127.0.0.1:9000}; path-style only
 * @param s3Region         region to sign S3 requests with
 * @param bucket           the default bucket, created at start
 * @param s3AccessKey      S3 access key id
 * @param s3SecretKey      S3 secret access key
 */
public record Endpoints(
        String bootstrapServers,
        String registryUrl,
        String redisUrl,
        String s3Endpoint,
        String s3Region,
        String bucket,
        String s3AccessKey,
        String s3SecretKey) {

    /**
     * The endpoints as display lines (name to value) with secrets masked: for printing at start-up. Skipped
     * services are left out.
     */
    public Map<String, String> describe() {
        Map<String, String> lines = new LinkedHashMap<>();
        putIfSet(lines, "kafka", bootstrapServers);
        putIfSet(lines, "schema registry", registryUrl);
        putIfSet(lines, "redis", redisUrl == null ? null : maskPassword(redisUrl));
        if (s3Endpoint != null) {
            lines.put("s3", s3Endpoint + " (path-style, region " + s3Region + ")");
            lines.put("s3 bucket", bucket);
            lines.put("s3 access key", s3AccessKey);
            lines.put("s3 secret key", "****");
        }
        return lines;
    }

    private static void putIfSet(Map<String, String> lines, String name, String value) {
        if (value != null) {
            lines.put(name, value);
        }
    }

    private static String maskPassword(String url) {
        int at = url.lastIndexOf('@');
        int scheme = url.indexOf("://");
        return at < 0 || scheme < 0 ? url : url.substring(0, scheme + 3) + ":****" + url.substring(at);
    }

    /** Secrets masked, so that logging the endpoints leaks no credential. */
    @Override
    public String toString() {
        return "Endpoints" + describe();
    }
}

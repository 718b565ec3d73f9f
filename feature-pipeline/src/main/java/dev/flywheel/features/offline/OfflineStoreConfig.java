package dev.flywheel.features.offline;

import dev.flywheel.topology.config.FlywheelConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the offline tier lives on S3 and how hard to try. Build with {@link #builder(String)} or
 * {@link #from(FlywheelConfig)}; {@link Builder#build()} rejects every invalid value with a message naming the setting.
 *
 * @param endpoint endpoint override (S3Proxy, MinIO); empty = AWS S3
 * @param region region requests are signed for
 * @param bucket the bucket
 * @param prefix key prefix of the offline tier, no leading or trailing slash ({@code offline})
 * @param datasetsPrefix key prefix of built datasets ({@code datasets})
 * @param accessKey access key id; empty = the AWS default credentials chain
 * @param secretKey secret access key; never printed
 * @param pathStyle path-style addressing ({@code http://host/bucket/key}), needed by S3Proxy
 * @param callTimeout limit of one S3 call, transfer included
 * @param maxAttempts attempts of one call before a retriable failure is given up (at least 1)
 * @param initialBackoff wait after the first failed attempt; doubles each time
 * @param maxBackoff longest wait between attempts
 */
public record OfflineStoreConfig(Optional<URI> endpoint, String region, String bucket, String prefix,
                                 String datasetsPrefix, Optional<String> accessKey, Optional<String> secretKey,
                                 boolean pathStyle, Duration callTimeout, int maxAttempts, Duration initialBackoff,
                                 Duration maxBackoff) {

    /** Checks the parts are present; {@link Builder#build()} checks the values. */
    public OfflineStoreConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(datasetsPrefix, "datasetsPrefix");
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
    }

    /** A builder with the defaults: AWS S3 in us-east-1, prefix {@code offline}, 30 s calls, 5 attempts, 200 ms..5 s. */
    public static Builder builder(String bucket) {
        return new Builder(bucket);
    }

    /** The settings {@code s3.*} of the runtime configuration. */
    public static OfflineStoreConfig from(FlywheelConfig config) {
        Builder builder = builder(config.s3Bucket()).region(config.s3Region()).pathStyle(config.s3PathStyle());
        config.s3Endpoint().ifPresent(builder::endpoint);
        config.s3AccessKey().ifPresent(key -> builder.credentials(key,
                config.s3SecretKey().map(p -> p.value()).orElse("")));
        return builder.build();
    }

    /** The {@code s3://bucket/key} URI of a key. */
    public String uri(String key) {
        return "s3://" + bucket + "/" + key;
    }

    /** Masks the secret. */
    @Override
    public String toString() {
        return "OfflineStoreConfig[endpoint=" + endpoint.map(URI::toString).orElse("aws") + ", region=" + region
                + ", bucket=" + bucket + ", prefix=" + prefix + ", datasetsPrefix=" + datasetsPrefix + ", accessKey="
                + accessKey.orElse("default chain") + ", secretKey=" + (secretKey.isPresent() ? "[hidden]" : "none")
                + ", pathStyle=" + pathStyle + ", callTimeout=" + callTimeout + ", maxAttempts=" + maxAttempts + "]";
    }

    /** Builds an {@link OfflineStoreConfig}. */
    public static final class Builder {
        private final String bucket;
        private URI endpoint;
        private String region = "us-east-1";
        private String prefix = "offline";
        private String datasetsPrefix = "datasets";
        private String accessKey;
        private String secretKey;
        private boolean pathStyle;
        private Duration callTimeout = Duration.ofSeconds(30);
        private int maxAttempts = 5;
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(5);

        private Builder(String bucket) {
            this.bucket = bucket;
        }

        /** Endpoint override, e.g. {@code http://127.0.0.1:9000}. */
        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /** Region. */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** Key prefix of the offline tier. */
        public Builder prefix(String prefix) {
            this.prefix = prefix;
            return this;
        }

        /** Key prefix of datasets. */
        public Builder datasetsPrefix(String datasetsPrefix) {
            this.datasetsPrefix = datasetsPrefix;
            return this;
        }

        /** Static credentials. */
        public Builder credentials(String accessKey, String secretKey) {
            this.accessKey = accessKey;
            this.secretKey = secretKey;
            return this;
        }

        /** Path-style addressing. */
        public Builder pathStyle(boolean pathStyle) {
            this.pathStyle = pathStyle;
            return this;
        }

        /** Limit of one call. */
        public Builder callTimeout(Duration callTimeout) {
            this.callTimeout = callTimeout;
            return this;
        }

        /** Attempts and backoff of one call. */
        public Builder retries(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
            this.maxAttempts = maxAttempts;
            this.initialBackoff = initialBackoff;
            this.maxBackoff = maxBackoff;
            return this;
        }

        /** Checks every value. */
        public OfflineStoreConfig build() {
            require(bucket != null && bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]"),
                    "s3.bucket: '" + bucket + "' is not a valid bucket name");
            require(region != null && !region.isBlank(), "s3.region must not be blank");
            require(endpoint == null || endpoint.getScheme() != null && endpoint.getHost() != null
                    && (endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https")),
                    "s3.endpoint: '" + endpoint + "' must be an http(s) URL with a host");
            checkPrefix("offline prefix", prefix);
            checkPrefix("datasets prefix", datasetsPrefix);
            require(accessKey == null || !accessKey.isBlank() && secretKey != null && !secretKey.isEmpty(),
                    "s3.access.key needs a non-empty s3.secret.key");
            require(callTimeout != null && !callTimeout.isNegative() && !callTimeout.isZero(),
                    "callTimeout must be positive, was " + callTimeout);
            require(maxAttempts >= 1, "maxAttempts must be >= 1, was " + maxAttempts);
            require(initialBackoff != null && !initialBackoff.isNegative(),
                    "initialBackoff must not be negative, was " + initialBackoff);
            require(maxBackoff != null && maxBackoff.compareTo(initialBackoff) >= 0,
                    "maxBackoff must be >= initialBackoff, was " + maxBackoff);
            return new OfflineStoreConfig(Optional.ofNullable(endpoint), region, bucket, prefix, datasetsPrefix,
                    Optional.ofNullable(accessKey), Optional.ofNullable(secretKey), pathStyle, callTimeout,
                    maxAttempts, initialBackoff, maxBackoff);
        }

        private static void checkPrefix(String what, String value) {
            require(value != null && !value.isEmpty() && !value.startsWith("/") && !value.endsWith("/"),
                    what + ": '" + value + "' must be non-empty without a leading or trailing '/'");
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException("offline store: " + message);
            }
        }
    }
}

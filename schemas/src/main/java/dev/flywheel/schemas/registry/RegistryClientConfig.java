package dev.flywheel.schemas.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to reach a schema registry: one or more base URLs (tried in turn when one fails), timeouts,
 * retries, optional basic-auth credentials and how long the latest version of a subject is cached.
 *
 * @param urls base URLs without credentials, e.g. {@code http://localhost:8081}
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout whole-request timeout
 * @param retry backoff for transient failures
 * @param userInfo {@code user:password} for HTTP basic auth, or null for none
 * @param latestCacheTtl how long {@link SchemaRegistryClient#getLatest} answers from cache; zero disables
 */
public record RegistryClientConfig(
        List<URI> urls,
        Duration connectTimeout,
        Duration requestTimeout,
        RetryPolicy retry,
        String userInfo,
        Duration latestCacheTtl) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_LATEST_CACHE_TTL = Duration.ofSeconds(30);

    public RegistryClientConfig {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("At least one schema registry URL is required");
        }
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(latestCacheTtl, "latestCacheTtl");
        if (userInfo != null && userInfo.indexOf(':') < 0) {
            throw new IllegalArgumentException("Basic auth user info must be 'user:password'");
        }
    }

    /**
     * Default settings for a comma-separated list of URLs. Credentials embedded in a URL
     * ({@code http://user:pass@host:8081}) are taken out of the URL and used for basic auth.
     *
     * @throws IllegalArgumentException naming the offending URL when one is not an absolute http(s) URL
     */
    public static RegistryClientConfig of(String commaSeparatedUrls) {
        List<URI> urls = new ArrayList<>();
        String userInfo = null;
        for (String raw : commaSeparatedUrls.split(",")) {
            String text = raw.trim();
            if (text.isEmpty()) {
                continue;
            }
            URI uri = parseUrl(text);
            if (uri.getRawUserInfo() != null) {
                userInfo = uri.getUserInfo();
            }
            urls.add(withoutUserInfo(uri));
        }
        return new RegistryClientConfig(urls, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, RetryPolicy.DEFAULT,
                userInfo, DEFAULT_LATEST_CACHE_TTL);
    }

    /** A copy with these timeouts. */
    public RegistryClientConfig withTimeouts(Duration connect, Duration request) {
        return new RegistryClientConfig(urls, connect, request, retry, userInfo, latestCacheTtl);
    }

    /** A copy with this retry policy. */
    public RegistryClientConfig withRetry(RetryPolicy policy) {
        return new RegistryClientConfig(urls, connectTimeout, requestTimeout, policy, userInfo, latestCacheTtl);
    }

    /** A copy with basic-auth credentials. */
    public RegistryClientConfig withBasicAuth(String user, String password) {
        return new RegistryClientConfig(urls, connectTimeout, requestTimeout, retry, user + ":" + password,
                latestCacheTtl);
    }

    /** A copy with basic-auth credentials given as {@code user:password}, or none when null. */
    public RegistryClientConfig withUserInfo(String userAndPassword) {
        return new RegistryClientConfig(urls, connectTimeout, requestTimeout, retry, userAndPassword, latestCacheTtl);
    }

    /** A copy with this cache time for latest versions. */
    public RegistryClientConfig withLatestCacheTtl(Duration ttl) {
        return new RegistryClientConfig(urls, connectTimeout, requestTimeout, retry, userInfo, ttl);
    }

    /** Keeps the password out of logs. */
    @Override
    public String toString() {
        return "RegistryClientConfig[urls=" + urls + ", connectTimeout=" + connectTimeout + ", requestTimeout="
                + requestTimeout + ", retry=" + retry + ", basicAuth=" + (userInfo != null) + ", latestCacheTtl="
                + latestCacheTtl + "]";
    }

    private static URI parseUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("Schema registry URL '" + text
                        + "' is not an absolute http:// or https:// URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Schema registry URL '" + text + "' is malformed: " + e.getMessage(), e);
        }
    }

    private static URI withoutUserInfo(URI uri) {
        try {
            String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
            return new URI(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                    + path);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Schema registry URL '" + uri + "' is malformed", e);
        }
    }
}

package dev.flywheel.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one error boundary between Flywheel and a schema registry over HTTP: sends JSON requests, fails over
 * between URLs, retries transient failures (I/O errors, timeouts, 5xx, 429) with bounded backoff and one
 * WARN line per retry, and maps error responses to typed exceptions. Client errors (4xx) are never retried.
 */
final class RegistryTransport {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryTransport.class);

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final int MAX_MESSAGE_CHARS = 500;

    private final RegistryClientConfig config;
    private final HttpClient http;
    private final ObjectMapper json;
    private final String authorization;
    /** Index of the URL that last answered; failures move on to the next one. */
    private final AtomicInteger current = new AtomicInteger();

    RegistryTransport(RegistryClientConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).build();
        this.authorization = config.userInfo() == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(config.userInfo().getBytes(StandardCharsets.UTF_8));
    }

    /** Percent-encodes one path segment (a subject may contain '/', ':' or spaces). */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    String describe() {
        List<URI> urls = config.urls();
        return urls.size() == 1 ? urls.get(0).toString() : urls.toString();
    }

    JsonNode get(String path) {
        return send("GET", path, null);
    }

    JsonNode post(String path, JsonNode body) {
        return send("POST", path, body);
    }

    JsonNode put(String path, JsonNode body) {
        return send("PUT", path, body);
    }

    JsonNode delete(String path) {
        return send("DELETE", path, null);
    }

    private JsonNode send(String method, String path, JsonNode body) {
        int maxRetries = config.retry().maxRetries();
        for (int attempt = 0; ; attempt++) {
            URI base = config.urls().get(Math.floorMod(current.get(), config.urls().size()));
            SchemaRegistryException failure;
            String reason;
            try {
                HttpResponse<String> response = http.send(request(method, base, path, body),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (response.statusCode() / 100 == 2) {
                    return parse(response.body(), method, base + path);
                }
                failure = errorOf(method, base + path, response.statusCode(), response.body());
                reason = "HTTP " + failure.httpStatus() + ", error_code " + failure.errorCode();
            } catch (IOException e) {
                failure = new SchemaRegistryException("Schema registry " + method + " " + base + path
                        + " failed: " + e, SchemaRegistryException.NO_RESPONSE, SchemaRegistryException.NO_RESPONSE, e);
                reason = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("Interrupted while calling schema registry " + method + " " + base
                        + path, SchemaRegistryException.NO_RESPONSE, SchemaRegistryException.NO_RESPONSE, e);
            }
            if (!failure.isRetriable() || attempt >= maxRetries) {
                throw failure;
            }
            // The next attempt goes to the next URL: a failing instance should not absorb every retry.
            current.incrementAndGet();
            Duration wait = config.retry().backoff(attempt + 1);
            LOG.warn("Schema registry {} {}{} failed ({}); retry {}/{} in {} ms", method, base, path, reason,
                    attempt + 1, maxRetries, wait.toMillis());
            sleep(wait, failure);
        }
    }

    private HttpRequest request(String method, URI base, String path, JsonNode body) throws JsonProcessingException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(config.requestTimeout())
                .header("Accept", ACCEPT);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (body == null) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return builder.header("Content-Type", CONTENT_TYPE)
                .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body), StandardCharsets.UTF_8))
                .build();
    }

    private JsonNode parse(String body, String method, String url) {
        if (body == null || body.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException("Schema registry " + method + " " + url + " answered with invalid JSON: "
                    + abbreviate(body), 200, 0, e);
        }
    }

    private SchemaRegistryException errorOf(String method, String url, int status, String body) {
        int errorCode = status;
        String message = abbreviate(body == null ? "" : body.trim());
        try {
            JsonNode node = body == null || body.isBlank() ? NullNode.getInstance() : json.readTree(body);
            if (node.hasNonNull("error_code")) {
                errorCode = node.get("error_code").asInt(status);
            }
            if (node.hasNonNull("message")) {
                message = node.get("message").asText();
            }
        } catch (JsonProcessingException e) {
            // Not JSON (a proxy's HTML page, say): the raw body is the best message there is.
        }
        String text = "Schema registry " + method + " " + url + " failed: HTTP " + status + ", error_code " + errorCode
                + (message.isEmpty() ? "" : ": " + message);
        if (status == 409) {
            return new IncompatibleSchemaException(text, errorCode);
        }
        return new SchemaRegistryException(text, status, errorCode);
    }

    private static void sleep(Duration wait, SchemaRegistryException failure) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.addSuppressed(e);
            throw failure;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_MESSAGE_CHARS ? text : text.substring(0, MAX_MESSAGE_CHARS) + "...";
    }
}

package dev.flywheel.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A bare java.net.http client for the registry's REST API, so the ITs see exactly what goes over HTTP. */
final class RegistryHttpClient {

    static final String VND = "application/vnd.schemaregistry.v1+json";
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** One answer: status, content type and body. */
    record Response(int status, String contentType, String body) {

        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (JsonProcessingException e) {
                throw new AssertionError("Not JSON (HTTP " + status + "): " + body, e);
            }
        }

        int errorCode() {
            return json().path("error_code").asInt(-1);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    RegistryHttpClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    Response get(String path) {
        return send(request(path).GET());
    }

    Response post(String path, String body) {
        return post(path, body, VND);
    }

    Response post(String path, String body, String contentType) {
        return send(request(path).header("Content-Type", contentType).POST(publisher(body)));
    }

    Response put(String path, String body) {
        return send(request(path).header("Content-Type", VND).PUT(publisher(body)));
    }

    Response delete(String path) {
        return send(request(path).DELETE());
    }

    /** Registers and asserts success; returns the id. */
    int register(String subject, String schema) {
        Response response = post("/subjects/" + subject + "/versions", schemaBody(schema));
        assertThat(response.status()).as("register under %s: %s", subject, response.body()).isEqualTo(200);
        return response.json().get("id").asInt();
    }

    void setCompatibility(String subject, String level) {
        Response response = put(subject == null ? "/config" : "/config/" + subject, "{\"compatibility\":\"" + level + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    /** {@code {"schema": "<schema as a JSON string>"}}, with more fields when given in pairs. */
    static String schemaBody(String schema, Object... moreFields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schema", schema);
        for (int i = 0; i < moreFields.length; i += 2) {
            body.put((String) moreFields[i], moreFields[i + 1]);
        }
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
    }

    private static BodyPublisher publisher(String body) {
        return body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body);
    }

    private Response send(HttpRequest.Builder builder) {
        try {
            var response = http.send(builder.build(), BodyHandlers.ofString());
            return new Response(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

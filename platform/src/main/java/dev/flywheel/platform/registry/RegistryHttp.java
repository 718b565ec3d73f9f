package dev.flywheel.platform.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;

/**
 * How the registry's HTTP layer reads requests and writes answers, the way Confluent's does: bodies in
 * {@code application/vnd.schemaregistry.v1+json}, {@code application/vnd.schemaregistry+json},
 * {@code application/json} or {@code application/octet-stream} (also with no content type); answers
 * always in {@code application/vnd.schemaregistry.v1+json}; errors as
 * {@code {"error_code": int, "message": str}}; query flags true when they read {@code true} in any case.
 */
final class RegistryHttp {

    static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";
    static final ObjectMapper MAPPER = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private static final Set<String> ACCEPTED_BODY_TYPES = Set.of(
            MEDIA_TYPE, "application/vnd.schemaregistry+json", "application/json", "application/octet-stream");

    /** A Confluent error body. */
    record ErrorBody(@JsonProperty("error_code") int errorCode, String message) {
    }

    private RegistryHttp() {
    }

    static void json(Context ctx, Object body) {
        json(ctx, 200, body);
    }

    static void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType(MEDIA_TYPE).result(MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the answer as JSON", e);
        }
    }

    /** A raw schema (the {@code /schema} endpoints): the schema's own JSON text, unwrapped. */
    static void raw(Context ctx, String schema) {
        ctx.status(200).contentType(MEDIA_TYPE).result(schema);
    }

    static void error(Context ctx, int status, int errorCode, String message) {
        json(ctx, status, new ErrorBody(errorCode, message));
    }

    /** True when the query parameter reads {@code true}, ignoring case ({@code True} from Python clients). */
    static boolean flag(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value != null && value.trim().equalsIgnoreCase("true");
    }

    /** Refuses a body in a media type Confluent would not accept, with HTTP 415. */
    static void requireAcceptedBodyType(Context ctx) {
        String contentType = ctx.header("Content-Type");
        if (contentType == null || contentType.isBlank()) {
            return;
        }
        String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!ACCEPTED_BODY_TYPES.contains(base)) {
            throw new RegistryException(415, 415, "HTTP 415 Unsupported Media Type: '" + contentType
                    + "'; send the body as " + MEDIA_TYPE + " or application/json");
        }
    }

    /** The body as a JSON object; an empty body reads as {@code {}}. */
    static JsonNode body(Context ctx) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new RegistryException(400, 400, "The request body is not valid JSON: " + e.getMessage(), e);
        }
        if (node == null || node.isMissingNode()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!node.isObject()) {
            throw new RegistryException(422, 422, "The request body must be a JSON object, got: " + node);
        }
        return node;
    }

    /** The body of a register, lookup or compatibility request. */
    static SchemaRequest schemaRequest(Context ctx) {
        JsonNode body = body(ctx);
        JsonNode schema = body.get("schema");
        if (schema != null && !schema.isNull() && !schema.isTextual()) {
            throw RegistryErrors.invalidSchema("Field 'schema' must be a string holding the schema's JSON, "
                    + "e.g. {\"schema\": \"{\\\"type\\\": \\\"string\\\"}\"}");
        }
        JsonNode references = body.get("references");
        return new SchemaRequest(
                schema == null || schema.isNull() ? null : schema.asText(),
                text(body, "schemaType"),
                references != null && references.isArray() && !references.isEmpty(),
                integer(body, "id"),
                integer(body, "version"));
    }

    static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Integer integer(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt()) {
            throw new RegistryException(422, 422, "Field '" + field + "' must be an integer, got " + value);
        }
        return value.intValue();
    }

    /** A schema id path parameter; one that is not a number names no schema. */
    static int schemaId(Context ctx) {
        String text = ctx.pathParam("id");
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new RegistryException(404, RegistryErrors.SCHEMA_NOT_FOUND, "Schema " + text + " not found");
        }
    }
}

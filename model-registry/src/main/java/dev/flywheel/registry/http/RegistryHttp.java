package dev.flywheel.registry.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.registry.CommandOutcome;
import dev.flywheel.registry.ModelRegistry;
import dev.flywheel.registry.RegistryConflictException;
import dev.flywheel.registry.RegistryNotFoundException;
import dev.flywheel.registry.RegistrySettings;
import dev.flywheel.registry.RegistryUnavailableException;
import dev.flywheel.registry.kserve.InferenceServiceRenderer;
import dev.flywheel.registry.versions.JsonSerde;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's HTTP API (JSON). Reads are open; promote and rollback need {@code Authorization: Bearer <token>}
 * ({@link RegistrySettings#apiToken()}): 401 without one, 403 with a wrong one or when no token is configured.
 * Errors are {@code {"error": CODE, "message": text}}: 400 bad request, 404 unknown model or version, 409 a
 * command that cannot apply, 503 stores not queryable now or the command topic not writable.
 *
 * <pre>
 * GET  /models                                             models, champion, policy
 * GET  /models/{model}                                     one model
 * GET  /models/{model}/versions                            its versions, oldest first
 * GET  /models/{model}/versions/{version}                  one version
 * GET  /models/{model}/versions/{version}/lineage          where it came from
 * GET  /models/{model}/versions/{version}/inference-service?format=yaml|json&amp;canary=10
 * POST /models/{model}/versions/{version}/promote          {"actor"?, "note"?}           (token)
 * POST /models/{model}/rollback                            {"version"?, "actor"?, "note"?} (token)
 * </pre>
 *
 * Promote and rollback answer 200 once applied, 202 when still queued after the command wait.
 */
public final class RegistryHttp {

    /** Root of the routes. */
    public static final String ROOT = "/models";

    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttp.class);

    private final ModelRegistry registry;
    private final InferenceServiceRenderer renderer;
    private final RegistrySettings settings;
    private static final ApiToken.Refusals WRITE_REFUSALS = new ApiToken.Refusals(
            "This operation needs the API token: send 'Authorization: Bearer <token>'", "WRITES_DISABLED",
            "Write operations are disabled: no API token is configured for the registry");

    private final ApiToken token;

    /**
     * Creates the API.
     *
     * @param registry what it serves
     * @param settings the API token, KServe namespace and canary share
     */
    public RegistryHttp(ModelRegistry registry, RegistrySettings settings) {
        this.registry = registry;
        this.settings = settings;
        this.renderer = new InferenceServiceRenderer(settings.kserveNamespace());
        this.token = new ApiToken(settings.apiToken());
    }

    /** Registers the routes on a Javalin configuration; nothing global (no exception handlers, no JSON mapper). */
    public void addRoutes(RoutesConfig routes) {
        routes.get(ROOT, guarded(ctx -> json(ctx, 200, registry.models())));
        routes.get(ROOT + "/{model}", guarded(ctx -> json(ctx, 200, registry.model(ctx.pathParam("model")))));
        routes.get(ROOT + "/{model}/versions", guarded(ctx -> json(ctx, 200,
                registry.versions(ctx.pathParam("model")).stream().map(VersionJson::of).toList())));
        routes.get(ROOT + "/{model}/versions/{version}", guarded(ctx -> json(ctx, 200,
                VersionJson.of(registry.version(ctx.pathParam("model"), version(ctx))))));
        routes.get(ROOT + "/{model}/versions/{version}/lineage", guarded(ctx -> json(ctx, 200,
                registry.lineage(ctx.pathParam("model"), version(ctx)))));
        routes.get(ROOT + "/{model}/versions/{version}/inference-service", guarded(this::inferenceService));
        routes.post(ROOT + "/{model}/versions/{version}/promote", guarded(writing(this::promote)));
        routes.post(ROOT + "/{model}/rollback", guarded(writing(this::rollback)));
    }

    private void inferenceService(Context ctx) {
        String format = ctx.queryParamAsClass("format", String.class).getOrDefault("yaml").toUpperCase(Locale.ROOT);
        InferenceServiceRenderer.Format chosen;
        try {
            chosen = InferenceServiceRenderer.Format.valueOf(format);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("format must be yaml or json, was '" + format.toLowerCase(Locale.ROOT) + "'");
        }
        int canary = intParam(ctx.queryParam("canary"), "canary", settings.canaryTrafficPercent());
        if (canary < 1 || canary > 100) {
            throw new BadRequest("canary must be between 1 and 100, was " + canary);
        }
        String body = renderer.render(registry.version(ctx.pathParam("model"), version(ctx)), canary, chosen);
        ctx.status(200).contentType(chosen == InferenceServiceRenderer.Format.JSON ? "application/json"
                : "application/yaml").result(body);
    }

    private void promote(Context ctx) {
        JsonNode body = body(ctx);
        CommandOutcome outcome = registry.promote(ctx.pathParam("model"), version(ctx), actor(body), text(body, "note"));
        json(ctx, outcome.applied() ? 200 : 202, outcome);
    }

    private void rollback(Context ctx) {
        JsonNode body = body(ctx);
        Integer version = body.hasNonNull("version") ? versionOf(body.get("version")) : null;
        CommandOutcome outcome = registry.rollback(ctx.pathParam("model"), version, actor(body), text(body, "note"));
        json(ctx, outcome.applied() ? 200 : 202, outcome);
    }

    private Handler writing(Handler handler) {
        return token.require(handler, WRITE_REFUSALS);
    }

    private static Handler guarded(Handler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (BadRequest e) {
                error(ctx, 400, "BAD_REQUEST", e.getMessage());
            } catch (RegistryNotFoundException e) {
                error(ctx, 404, "NOT_FOUND", e.getMessage());
            } catch (RegistryConflictException e) {
                error(ctx, 409, "CONFLICT", e.getMessage());
            } catch (RegistryUnavailableException e) {
                LOG.warn("Registry request {} {} could not be served: {}", ctx.method(), ctx.path(), e.getMessage());
                ctx.header("Retry-After", "1");
                error(ctx, 503, "UNAVAILABLE", e.getMessage());
            }
        };
    }

    private static int version(Context ctx) {
        return intParam(ctx.pathParam("version"), "version", 0);
    }

    private static int intParam(String raw, String name, int fallback) {
        if (raw == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new BadRequest(name + " must be a whole number, was '" + raw + "'");
        }
    }

    private static Integer versionOf(JsonNode node) {
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw new BadRequest("version must be a whole number, was " + node);
        }
        return node.intValue();
    }

    private static JsonNode body(Context ctx) {
        String text = ctx.body();
        if (text.isBlank()) {
            return JsonSerde.MAPPER.createObjectNode();
        }
        try {
            JsonNode node = JsonSerde.MAPPER.readTree(text);
            if (!node.isObject()) {
                throw new BadRequest("The body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRequest("The body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String actor(JsonNode body) {
        String actor = text(body, "actor");
        return actor == null || actor.isBlank() ? "api" : actor;
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static void error(Context ctx, int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        json(ctx, status, body);
    }

    private static void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(JsonSerde.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the answer as JSON", e);
        }
    }

    /** A request the API refuses as malformed. */
    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }
}

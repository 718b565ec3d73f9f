package dev.flywheel.features.serving;

import dev.flywheel.features.view.EntityKeys;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /features/{view}/{entity}}: every feature of one entity of one view, as JSON.
 *
 * <p>The entity is written as the key of the view's {@code features.<view>} records ({@link EntityKeys}): one
 * entity field is its value as text ({@code /features/card_spend/c-7}); a composite key joins the values in the
 * view's entity order with {@code |}, escaping {@code |} and {@code \} in a value with {@code \}
 * ({@code /features/merchant_country/DE|1001}, URL-encoded as {@code DE%7C1001}). Integer entities are parsed.
 *
 * <pre>
 * 200 {"view":"card_spend","entity":{"card_id":"c-7"},"event_timestamp":"2026-01-01T10:00:00Z",
 *      "features":{"n_1h":{"value":3,"status":"PRESENT","event_timestamp":"2026-01-01T10:00:00Z"}, ...}}
 * 400 bad entity (wrong number of parts, not an integer) · 404 unknown view · 503 online tier out of reach, or the
 * view's schema not registered yet · 500 refused or corrupt data; errors are {"error": kind, "message": text}
 * </pre>
 * A missing entity is a 200 whose features are NOT_FOUND with null values, as Feast answers it.
 */
public final class FeaturesHttpRoute {

    /** The route. */
    public static final String ROUTE = "/features/{view}/{entity}";

    private static final Logger LOG = LoggerFactory.getLogger(FeaturesHttpRoute.class);

    private final OnlineFeatures features;

    /** A route over the online features. */
    public FeaturesHttpRoute(OnlineFeatures features) {
        this.features = Objects.requireNonNull(features, "features");
    }

    /** Registers the route. */
    public void addRoutes(RoutesConfig routes) {
        routes.get(ROUTE, this::handle);
    }

    void handle(Context ctx) {
        String view = ctx.pathParam("view");
        String entity = ctx.pathParam("entity");
        try {
            ServingView servingView = features.catalog().view(view);
            List<String> parts;
            try {
                parts = EntityKeys.split(entity, servingView.entities().size());
            } catch (IllegalArgumentException e) {
                throw new ServingException(ServingException.Kind.INVALID_ARGUMENT, "view " + view + " is keyed by "
                        + servingView.entities().stream().map(EntityField::name).toList()
                        + ": give the values joined by '|' (escape '|' and '\\' with '\\'); " + e.getMessage(), e);
            }
            ctx.json(body(features.get(view, parts.toArray())));
        } catch (ServingException e) {
            if (e.kind() == ServingException.Kind.UNAVAILABLE || e.kind() == ServingException.Kind.INTERNAL) {
                LOG.warn("GET /features/{}/{} failed: {}", view, entity, e.getMessage(), e);
            }
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("error", e.kind().name());
            error.put("message", e.getMessage());
            ctx.status(httpStatus(e.kind())).json(error);
        }
    }

    /** The HTTP status of a serving failure. */
    static int httpStatus(ServingException.Kind kind) {
        return switch (kind) {
            case INVALID_ARGUMENT -> 400;
            case NOT_FOUND -> 404;
            case UNIMPLEMENTED -> 501;
            case UNAVAILABLE -> 503;
            case INTERNAL -> 500;
        };
    }

    private static Map<String, Object> body(EntityFeatures found) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("view", found.view());
        body.put("entity", found.entity());
        String eventTime = found.eventTime().map(Object::toString).orElse(null);
        body.put("event_timestamp", eventTime);
        Map<String, Object> featureMap = new LinkedHashMap<>();
        found.features().forEach((name, value) -> {
            Map<String, Object> feature = new LinkedHashMap<>();
            feature.put("value", value.value());
            feature.put("status", value.status());
            feature.put("event_timestamp", "NOT_FOUND".equals(value.status()) ? null : eventTime);
            featureMap.put(name, feature);
        });
        body.put("features", featureMap);
        return body;
    }
}

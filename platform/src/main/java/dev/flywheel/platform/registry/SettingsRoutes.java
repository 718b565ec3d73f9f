package dev.flywheel.platform.registry;

import static dev.flywheel.platform.registry.RegistryHttp.body;
import static dev.flywheel.platform.registry.RegistryHttp.flag;
import static dev.flywheel.platform.registry.RegistryHttp.json;
import static dev.flywheel.platform.registry.RegistryHttp.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/**
 * The {@code /config} and {@code /mode} endpoints. As in Confluent, a PUT answers
 * {@code {"compatibility": ...}} and a GET {@code {"compatibilityLevel": ...}}.
 */
final class SettingsRoutes {

    private final RegistryQueries queries;
    private final RegistryCommands commands;

    SettingsRoutes(RegistryQueries queries, RegistryCommands commands) {
        this.queries = queries;
        this.commands = commands;
    }

    void addTo(RoutesConfig routes) {
        routes.get("/config", ctx -> level(ctx, queries.globalLevel()));
        routes.put("/config", ctx -> setLevel(ctx, null));
        routes.delete("/config", ctx -> level(ctx, commands.deleteLevel(null)));
        routes.get("/config/{subject}", ctx -> level(ctx,
                queries.subjectLevel(subject(ctx), flag(ctx, "defaultToGlobal"))));
        routes.put("/config/{subject}", ctx -> setLevel(ctx, subject(ctx)));
        routes.delete("/config/{subject}", ctx -> level(ctx, commands.deleteLevel(subject(ctx))));

        routes.get("/mode", ctx -> mode(ctx, queries.globalMode()));
        routes.put("/mode", ctx -> setMode(ctx, null));
        routes.get("/mode/{subject}", ctx -> mode(ctx,
                queries.subjectMode(subject(ctx), flag(ctx, "defaultToGlobal"))));
        routes.put("/mode/{subject}", ctx -> setMode(ctx, subject(ctx)));
        routes.delete("/mode/{subject}", ctx -> mode(ctx, commands.deleteMode(subject(ctx))));
    }

    private void setLevel(Context ctx, String subject) {
        JsonNode body = body(ctx);
        String requested = body.has("compatibility") ? text(body, "compatibility") : text(body, "compatibilityLevel");
        CompatibilityLevel level = commands.setLevel(subject, requested);
        json(ctx, Map.of("compatibility", level.name()));
    }

    private void setMode(Context ctx, String subject) {
        Mode mode = commands.setMode(subject, text(body(ctx), "mode"), flag(ctx, "force"));
        mode(ctx, mode);
    }

    private static void level(Context ctx, CompatibilityLevel level) {
        json(ctx, Map.of("compatibilityLevel", level.name()));
    }

    private static void mode(Context ctx, Mode mode) {
        json(ctx, Map.of("mode", mode.name()));
    }

    private static String subject(Context ctx) {
        return ctx.pathParam("subject");
    }
}

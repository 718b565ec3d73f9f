package dev.flywheel.platform.registry;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the registry's Javalin application: the routes of {@link SubjectRoutes}, {@link SchemaRoutes}
 * and {@link SettingsRoutes}, the media-type check on request bodies, and one error mapping that turns
 * every failure into Confluent's {@code {"error_code", "message"}} body.
 */
final class RegistryHttpApi {

    private static final Logger log = LoggerFactory.getLogger(RegistryHttpApi.class);

    private RegistryHttpApi() {
    }

    static Javalin create(RegistryQueries queries, RegistryCommands commands) {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.prefer405over404 = true;
            config.router.ignoreTrailingSlashes = true;
            config.routes.before(ctx -> {
                if (HandlerType.POST.equals(ctx.method()) || HandlerType.PUT.equals(ctx.method())) {
                    RegistryHttp.requireAcceptedBodyType(ctx);
                }
            });
            new SubjectRoutes(queries, commands).addTo(config.routes);
            new SchemaRoutes(queries).addTo(config.routes);
            new SettingsRoutes(queries, commands).addTo(config.routes);
            config.routes.exception(RegistryException.class, RegistryHttpApi::registryError);
            config.routes.exception(HttpResponseException.class, (e, ctx) -> {
                HttpStatus status = HttpStatus.Companion.forStatus(e.getStatus());
                RegistryHttp.error(ctx, e.getStatus(), e.getStatus(), "HTTP " + e.getStatus() + " " + status.getMessage());
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("Schema registry failed to answer {} {}", ctx.method(), ctx.path(), e);
                RegistryHttp.error(ctx, 500, 500, "Internal schema registry error: " + e);
            });
        });
    }

    private static void registryError(RegistryException e, Context ctx) {
        if (e.httpStatus() >= 500) {
            log.error("Schema registry could not answer {} {}: {}", ctx.method(), ctx.path(), e.getMessage(), e);
        } else {
            log.debug("{} {} -> {} {}", ctx.method(), ctx.path(), e.errorCode(), e.getMessage());
        }
        RegistryHttp.error(ctx, e.httpStatus(), e.errorCode(), e.getMessage());
    }
}

package dev.flywheel.cli;

import dev.flywheel.topology.runtime.Health;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one HTTP server of a {@code flywheel up} run (port 8080 by default): every stage mounts its routes on
 * it; it answers {@code GET /health} with the health of each stage (200 when all are up, 503 otherwise)
 * and {@code GET /metrics} with every stage's metrics in the Prometheus text format.
 */
final class ApiServer implements AutoCloseable {

    private final Javalin app;

    private ApiServer(Javalin app) {
        this.app = app;
    }

    /**
     * Starts the server.
     *
     * @param host the address to bind
     * @param port the port; 0 picks a free one
     * @param health each stage's health, by stage name, read on every request
     * @param metrics the Prometheus text exposition, made on every scrape
     * @param routes what the stages mount
     * @return the running server
     */
    static ApiServer start(String host, int port, Supplier<Map<String, Health>> health, Supplier<String> metrics,
                           Consumer<RoutesConfig> routes) {
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.routes.get("/health", ctx -> {
                Map<String, Health> stages = health.get();
                boolean up = stages.values().stream().allMatch(Health::isUp);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("status", up ? "UP" : "DOWN");
                Map<String, Object> details = new LinkedHashMap<>();
                stages.forEach((name, h) -> details.put(name, Map.of("status", h.status().name(),
                        "reason", h.reason(), "since", h.since().toString())));
                body.put("stages", details);
                ctx.status(up ? 200 : 503).json(body);
            });
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.get()));
            routes.accept(config.routes);
        });
        try {
            return new ApiServer(app.start(host, port));
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot serve the HTTP API on " + host + ":" + port + ": "
                    + Flywheel.describe(e) + " (choose another with --api-port)", e);
        }
    }

    /** The port it listens on. */
    int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}

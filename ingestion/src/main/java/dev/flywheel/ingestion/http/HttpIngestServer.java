package dev.flywheel.ingestion.http;

import io.javalin.Javalin;

/**
 * HTTP ingest on a Javalin server of its own, for tests and for running ingest alone; {@code flywheel up}
 * mounts {@link HttpIngest#addRoutes} on its single application instead.
 */
public final class HttpIngestServer implements AutoCloseable {

    private final Javalin app;

    private HttpIngestServer(Javalin app) {
        this.app = app;
    }

    /**
     * Serves {@code POST /ingest/{source}} on {@code host:port} (port 0 picks a free one).
     *
     * @param ingest the endpoint; still the caller's to close after this server
     */
    public static HttpIngestServer start(HttpIngest ingest, String host, int port) {
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            ingest.addRoutes(config.routes);
        });
        return new HttpIngestServer(app.start(host, port));
    }

    /** The port it listens on. */
    public int port() {
        return app.port();
    }

    /** Stops serving; requests in flight finish first. */
    @Override
    public void close() {
        app.stop();
    }
}

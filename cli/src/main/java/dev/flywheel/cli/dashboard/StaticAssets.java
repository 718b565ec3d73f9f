package dev.flywheel.cli.dashboard;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The dashboard's files, served from the jar: the page and its script and style under {@code dashboard/}, and
 * ECharts from its WebJar. Only the files named here are served, so no request can walk the classpath.
 */
final class StaticAssets {

    /** Where the WebJar's Maven metadata says its version, which is also its folder. */
    private static final String ECHARTS_POM = "META-INF/maven/org.webjars.npm/echarts/pom.properties";

    private final Map<String, String> files;

    private StaticAssets(Map<String, String> files) {
        this.files = files;
    }

    /** Finds the files; fails when the ECharts WebJar is not on the classpath. */
    static StaticAssets load() {
        String echarts = "META-INF/resources/webjars/echarts/" + echartsVersion() + "/dist/echarts.min.js";
        if (StaticAssets.class.getClassLoader().getResource(echarts) == null) {
            throw new IllegalStateException("The ECharts WebJar is not on the classpath: " + echarts);
        }
        return new StaticAssets(Map.of(
                "index.html", "dashboard/index.html",
                "app.js", "dashboard/app.js",
                "app.css", "dashboard/app.css",
                "echarts.min.js", echarts));
    }

    private static String echartsVersion() {
        try (InputStream in = StaticAssets.class.getClassLoader().getResourceAsStream(ECHARTS_POM)) {
            if (in == null) {
                throw new IllegalStateException("The ECharts WebJar is not on the classpath (no " + ECHARTS_POM + ")");
            }
            Properties pom = new Properties();
            pom.load(in);
            return pom.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + ECHARTS_POM, e);
        }
    }

    /** Answers with a file, or 404 when it is not one of the dashboard's. */
    void serve(Context ctx, String name) {
        String resource = files.get(name);
        InputStream in = resource == null ? null : StaticAssets.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            ctx.status(404).result("No such dashboard file: " + name);
            return;
        }
        ctx.contentType(contentType(name)).header("Cache-Control", name.equals("echarts.min.js")
                ? "public, max-age=86400" : "no-cache").result(in);
    }

    private static String contentType(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        } else if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        return "text/css; charset=utf-8";
    }
}

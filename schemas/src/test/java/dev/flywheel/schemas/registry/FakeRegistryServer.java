package dev.flywheel.schemas.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A scripted stand-in for a schema registry over real HTTP (the JDK's server): each route answers the
 * responses queued for it in order, repeating the last one; unknown routes answer 404 / 40401. Every
 * request is recorded so tests can count and inspect them. Not a registry: it stores nothing.
 */
public final class FakeRegistryServer implements AutoCloseable {

    /** One scripted answer; a delay makes the server slow, to provoke client timeouts. */
    public record Response(int status, String body, Duration delay) {
        public static Response of(int status, String body) {
            return new Response(status, body, Duration.ZERO);
        }
    }

    /** One request as received. */
    public record Request(String method, String pathAndQuery, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Deque<Response>> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public FakeRegistryServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues answers for {@code "METHOD /path?query"}; the last one repeats. */
    public FakeRegistryServer on(String route, Response... responses) {
        routes.computeIfAbsent(route, r -> new ArrayDeque<>()).addAll(List.of(responses));
        return this;
    }

    /** Shorthand for one JSON answer. */
    public FakeRegistryServer on(String route, int status, String body) {
        return on(route, Response.of(status, body));
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** How many requests hit {@code "METHOD /path?query"}. */
    public long count(String route) {
        return requests.stream().filter(r -> (r.method() + " " + r.pathAndQuery()).equals(route)).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        String pathAndQuery = exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query);
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(exchange.getRequestMethod(), pathAndQuery, Map.copyOf(exchange.getRequestHeaders()), body));
        Response response = next(exchange.getRequestMethod() + " " + pathAndQuery);
        try {
            Thread.sleep(response.delay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException e) {
            // The client gave up (timeout test): nothing to do.
        }
    }

    private synchronized Response next(String route) {
        Deque<Response> queue = routes.get(route);
        if (queue == null || queue.isEmpty()) {
            return Response.of(404, "{\"error_code\":40401,\"message\":\"Subject not found (no route " + route + ")\"}");
        }
        return queue.size() > 1 ? queue.poll() : queue.peek();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

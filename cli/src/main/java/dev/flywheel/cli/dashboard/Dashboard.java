package dev.flywheel.cli.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.registry.RegistryNotFoundException;
import dev.flywheel.registry.RegistryUnavailableException;
import dev.flywheel.registry.http.ApiToken;
import dev.flywheel.topology.runtime.Health;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ops dashboard: a one-page UI at {@code /} over read-only JSON endpoints under {@code /api}, and a
 * server-sent event stream that pushes a {@code tick} (health, totals and rates) every second so the pages update
 * without reloading. Promote and rollback call the registry's own write routes; DLQ replay and manual training are
 * routes here, over {@link DashboardActions}, the same code as the CLI's. Every write needs the API token.
 *
 * <pre>
 * GET /                                                the page (#overview, #topics, #drift, #training, #models)
 * GET /dashboard/{file}                                its script, style and ECharts (from the WebJar)
 * GET /api/overview                                    health, per-stage rate, totals, rate history, alarms
 * GET /api/topics                                      topics, rates in and out, lag per group, rejections by reason
 * GET /api/topics/{topic}/tail?limit=20                the last records of a topic, decoded
 * GET /api/drift                                       score series per monitor and feature, with the alarm's bins
 * GET /api/training                                    requests joined with their jobs
 * GET /api/models                                      models, champion and previous champions
 * GET /api/models/{model}/versions                     versions, oldest first
 * GET /api/models/{model}/versions/{version}/lineage   the lineage as nodes and edges
 * GET /api/events                                      server-sent events: tick
 * POST /api/sources/{source}/dlq/replay                replays dead letters ({"reasons": [...], "again": false})
 * POST /api/models/{model}/train                       asks for a training ({"id": "...", "requested_by": "..."})
 * </pre>
 *
 * <p>The two {@code POST} routes always need the API token ({@code Authorization: Bearer}): 401 without it, 403 when
 * it is wrong or none is set.
 */
public final class Dashboard implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Dashboard.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int HISTORY = 300;
    private static final int ALARMS = 20;
    private static final int MAX_TAIL = 200;
    private static final int QUEUED_TICKS = 4;
    private static final int KEEP_ALIVE_SECONDS = 1;

    private final DashboardSources sources;
    private final Throughput throughput;
    private final Clock clock;
    private final StaticAssets assets = StaticAssets.load();
    /** The ticks waiting to be sent, one queue per connected browser. */
    private final Set<BlockingQueue<String>> clients = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private static final ApiToken.Refusals READ_REFUSALS = new ApiToken.Refusals("Reading the dashboard needs the API "
            + "token (dashboard.read.token.required): enter it at the top of the page", "READS_DISABLED",
            "Reading needs the API token, and none is set");
    private static final ApiToken.Refusals WRITE_REFUSALS = new ApiToken.Refusals("This action needs the API token "
            + "(Authorization: Bearer <api.token>): enter it at the top of the page", "WRITES_DISABLED",
            "Actions need the API token, and none is set (FLYWHEEL_API_TOKEN)");

    private final Optional<ApiToken> readToken;
    private final ApiToken writeToken;
    private final DashboardActions actions;
    private final ScheduledExecutorService ticker;
    private DashboardSources.TopicsSnapshot lastTopics;

    /**
     * Creates a dashboard whose reads are open and starts its one-second tick.
     *
     * @param sources what it reads
     * @param meters the stages' meters (throughput, rejections)
     * @param clock times the samples
     */
    public Dashboard(DashboardSources sources, MeterRegistry meters, Clock clock) {
        this(sources, DashboardActions.NONE, meters, clock, new ApiToken(Optional.empty()), false);
    }

    /**
     * Creates the dashboard and starts its one-second tick.
     *
     * @param sources what it reads
     * @param actions what its write routes do
     * @param meters the stages' meters (throughput, rejections)
     * @param clock times the samples
     * @param apiToken the {@code api.token} check: every write needs it (disabled when no token is set)
     * @param readsNeedToken when true, every {@code /api/...} read needs the token too ({@code Authorization:
     *     Bearer}, or {@code ?token=} on the event stream, which a browser's EventSource cannot give headers); the
     *     page and its files stay open
     */
    public Dashboard(DashboardSources sources, DashboardActions actions, MeterRegistry meters, Clock clock,
                     ApiToken apiToken, boolean readsNeedToken) {
        this.readToken = readsNeedToken ? Optional.of(apiToken) : Optional.empty();
        this.writeToken = apiToken;
        this.actions = actions;
        this.sources = sources;
        this.throughput = new Throughput(meters, HISTORY);
        this.clock = clock;
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "flywheel-dashboard-tick");
            thread.setDaemon(true);
            return thread;
        });
        throughput.sample(clock.millis());
        ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /** Registers the page, its files, the JSON API and the event stream; nothing global. */
    public void addRoutes(RoutesConfig routes) {
        routes.get("/", ctx -> assets.serve(ctx, "index.html"));
        routes.get("/dashboard/{file}", ctx -> assets.serve(ctx, ctx.pathParam("file")));
        routes.get("/api/overview", readable(ctx -> json(ctx, overview())));
        routes.get("/api/topics", readable(ctx -> json(ctx, topics())));
        routes.get("/api/topics/{topic}/tail", readable(this::tail));
        routes.get("/api/drift", readable(ctx -> json(ctx, Map.of("series",
                DashboardViews.driftSeries(sources.driftEvents())))));
        routes.get("/api/training", readable(ctx -> json(ctx, Map.of("jobs",
                DashboardViews.trainingJobs(sources.trainingEvents())))));
        routes.get("/api/models", readable(ctx -> json(ctx, sources.models())));
        routes.get("/api/models/{model}/versions", readable(ctx -> json(ctx,
                sources.versions(ctx.pathParam("model")).stream().map(DashboardViews::version).toList())));
        routes.get("/api/models/{model}/versions/{version}/lineage", readable(ctx -> json(ctx,
                DashboardViews.lineageGraph(sources.lineage(ctx.pathParam("model"), version(ctx))))));
        routes.get("/api/events", readable(this::stream));
        routes.post("/api/sources/{source}/dlq/replay", writable(this::replayDlq));
        routes.post("/api/models/{model}/train", writable(this::train));
    }

    private void replayDlq(Context ctx) {
        Map<String, Object> body = DashboardRequests.body(ctx.body());
        Set<String> reasons = DashboardRequests.reasons(body.get("reasons"));
        boolean again = DashboardRequests.flag(body.get("again"), "again");
        DashboardActions.Replay replay = actions.replayDlq(ctx.pathParam("source"), reasons, again);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("source", ctx.pathParam("source"));
        answer.put("dlq_topic", replay.dlqTopic());
        answer.put("matched", replay.matched());
        answer.put("replayed", replay.replayed());
        answer.put("already_replayed", replay.alreadyReplayed());
        answer.put("by_topic", replay.byTopic());
        answer.put("unreadable", replay.unreadable());
        json(ctx, answer);
    }

    private void train(Context ctx) {
        Map<String, Object> body = DashboardRequests.body(ctx.body());
        String id = DashboardRequests.text(body.get("id"), "id").orElseGet(() -> java.util.UUID.randomUUID()
                .toString());
        String by = DashboardRequests.text(body.get("requested_by"), "requested_by").orElse("dashboard");
        DashboardActions.TrainingAsked asked = actions.requestTraining(ctx.pathParam("model"), id, by);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("model", asked.model());
        answer.put("request_id", asked.requestId());
        answer.put("command_id", asked.commandId());
        ctx.status(202);
        json(ctx, answer);
    }

    /**
     * Streams ticks to one browser as server-sent events, written on the request's own thread until the browser goes
     * away (a write fails; a comment every second finds that out when there is nothing to send) or the dashboard
     * closes. Plain writes rather than Javalin's {@code SseClient}: once a browser had gone, Javalin 7.2 completed its
     * kept-alive request over a recycled response and looped on its own error handling on the sending thread, which
     * stopped the ticks of every browser. One server thread per open page is the price.
     */
    private void stream(Context ctx) {
        HttpServletResponse response = ctx.res();
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        BlockingQueue<String> ticks = new ArrayBlockingQueue<>(QUEUED_TICKS);
        clients.add(ticks);
        try {
            OutputStream out = response.getOutputStream();
            send(out, "event: tick\ndata: " + tickJson() + "\n\n");
            while (!closed) {
                String tick = ticks.poll(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
                send(out, tick == null ? ": keep-alive\n\n" : "event: tick\ndata: " + tick + "\n\n");
            }
        } catch (IOException e) {
            log.debug("A browser left the event stream: {}", e.toString());
        } catch (InterruptedException e) {
            // The server is stopping: end this stream.
            Thread.currentThread().interrupt();
        } finally {
            clients.remove(ticks);
        }
    }

    private static void send(OutputStream out, String event) throws IOException {
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    Map<String, Object> overview() {
        Map<String, Health> health = sources.health();
        List<Map<String, Object>> stages = new ArrayList<>();
        health.forEach((name, h) -> {
            Map<String, Object> stage = new LinkedHashMap<>();
            stage.put("stage", name);
            stage.put("status", h.status().name());
            stage.put("reason", h.reason());
            stage.put("since", h.since().toString());
            stage.put("rate", throughput.stageRate(name));
            stages.add(stage);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("stages", stages);
        body.put("families", Throughput.FAMILIES);
        body.put("totals", familyTotals());
        body.put("history", throughput.history());
        body.put("alarms", DashboardViews.alarms(health, sources.driftEvents(), sources.trainingEvents(), ALARMS));
        return body;
    }

    private Map<String, Long> familyTotals() {
        Map<String, Double> counts = throughput.counts();
        Map<String, Long> totals = new LinkedHashMap<>();
        Throughput.FAMILIES.keySet().forEach(family -> totals.put(family, Math.round(counts.getOrDefault(family,
                0.0))));
        return totals;
    }

    Map<String, Object> topics() {
        DashboardSources.TopicsSnapshot now = sources.topics();
        DashboardSources.TopicsSnapshot before;
        synchronized (this) {
            before = lastTopics;
            lastTopics = now;
        }
        double seconds = before == null ? 0 : (now.at().toEpochMilli() - before.at().toEpochMilli()) / 1000.0;
        List<Map<String, Object>> topics = new ArrayList<>();
        for (DashboardSources.TopicStat topic : now.topics()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", topic.name());
            row.put("owner", topic.owner());
            row.put("partitions", topic.partitions());
            row.put("records", topic.endOffset());
            row.put("dlq", topic.name().endsWith(".dlq"));
            row.put("rate_in", rate(seconds, before == null ? null : endOf(before, topic.name()), topic.endOffset()));
            row.put("rate_out", rate(seconds, before == null ? null : committedOf(before, topic.name()),
                    committedOf(now, topic.name())));
            row.put("consumers", now.groups().stream().filter(g -> g.topic().equals(topic.name()))
                    .map(DashboardSources.GroupLag::group).toList());
            topics.add(row);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("topics", topics);
        body.put("groups", now.groups());
        body.put("rejections", throughput.rejectionsByReason());
        body.put("at", now.at().toString());
        return body;
    }

    private static Long endOf(DashboardSources.TopicsSnapshot snapshot, String topic) {
        return snapshot.topics().stream().filter(t -> t.name().equals(topic))
                .map(DashboardSources.TopicStat::endOffset).findFirst().orElse(null);
    }

    private static long committedOf(DashboardSources.TopicsSnapshot snapshot, String topic) {
        return snapshot.groups().stream().filter(g -> g.topic().equals(topic))
                .mapToLong(DashboardSources.GroupLag::committed).sum();
    }

    private static Double rate(double seconds, Long before, long now) {
        if (before == null || seconds <= 0) {
            return null;
        }
        return Math.max(0, now - before) / seconds;
    }

    private void tail(Context ctx) {
        int limit = intParam(ctx.queryParam("limit"), "limit", 20);
        if (limit < 1 || limit > MAX_TAIL) {
            throw new DashboardRequests.BadRequestException("limit must be between 1 and " + MAX_TAIL + ", was " + limit);
        }
        String topic = ctx.pathParam("topic");
        List<DashboardSources.TailRecord> records = sources.tail(topic, limit).orElseThrow(() ->
                new NotFoundException("No topic '" + topic + "' in the catalogue"));
        json(ctx, Map.of("topic", topic, "records", records));
    }

    private void tick() {
        try {
            throughput.sample(clock.millis());
            if (clients.isEmpty()) {
                return;
            }
            String tick = tickJson();
            // A browser that falls behind (its queue full) misses this tick; the next one carries the totals again.
            clients.forEach(queue -> queue.offer(tick));
        } catch (RuntimeException e) {
            // The scheduler would cancel every later tick on an exception: log it and keep ticking.
            log.warn("Dashboard tick failed: {}", e.toString(), e);
        }
    }

    private String tickJson() {
        Map<String, Object> tick = new LinkedHashMap<>();
        tick.put("t", clock.millis());
        Map<String, String> health = new LinkedHashMap<>();
        sources.health().forEach((stage, h) -> health.put(stage, h.status().name()));
        tick.put("health", health);
        tick.put("totals", familyTotals());
        Map<String, Double> rates = new LinkedHashMap<>();
        Map<String, Double> all = throughput.rates();
        Throughput.FAMILIES.keySet().forEach(family -> rates.put(family, all.getOrDefault(family, 0.0)));
        tick.put("rates", rates);
        Map<String, Double> stageRates = new LinkedHashMap<>();
        health.keySet().forEach(stage -> stageRates.put(stage, throughput.stageRate(stage)));
        tick.put("stage_rates", stageRates);
        tick.put("drift_events", sources.driftEvents().size());
        tick.put("training_events", sources.trainingEvents().size());
        return write(tick);
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
            throw new DashboardRequests.BadRequestException(name + " must be a whole number, was '" + raw + "'");
        }
    }

    /** Answers 401/403 instead of the data when reading needs the token and the request does not bring it. */
    private Handler readable(Handler handler) {
        Handler guardedHandler = guarded(handler);
        return readToken.map(token -> token.require(guardedHandler, Dashboard::readAuthorization, READ_REFUSALS))
                .orElse(guardedHandler);
    }

    /** A read's token: its {@code Authorization} header, else {@code ?token=} (an event stream sends no headers). */
    private static String readAuthorization(Context ctx) {
        String header = ctx.header("Authorization");
        String query = ctx.queryParam("token");
        return header == null && query != null ? "Bearer " + query : header;
    }

    /** Answers 401/403 instead of acting when the request does not bring the API token; every write needs it. */
    private Handler writable(Handler handler) {
        return writeToken.require(guarded(handler), WRITE_REFUSALS);
    }

    private static Handler guarded(Handler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (DashboardRequests.BadRequestException e) {
                error(ctx, 400, "BAD_REQUEST", e.getMessage());
            } catch (RegistryNotFoundException | NotFoundException e) {
                error(ctx, 404, "NOT_FOUND", e.getMessage());
            } catch (RegistryUnavailableException | SourceUnavailableException e) {
                log.warn("Dashboard request {} could not be served: {}", ctx.path(), e.getMessage());
                ctx.header("Retry-After", "1");
                error(ctx, 503, "UNAVAILABLE", e.getMessage());
            }
        };
    }

    private static void error(Context ctx, int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        ctx.status(status);
        json(ctx, body);
    }

    private static void json(Context ctx, Object body) {
        ctx.contentType("application/json").result(write(body));
    }

    private static String write(Object body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the dashboard's answer as JSON", e);
        }
    }

    /** Stops the tick and closes the event streams. */
    @Override
    public void close() {
        closed = true;
        ticker.shutdownNow();
    }
}

package dev.flywheel.ingestion.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.flywheel.ingestion.contract.ContractValidator;
import dev.flywheel.ingestion.producer.FlywheelProducer;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.schemas.registry.SchemaRegistryException;
import dev.flywheel.schemas.serde.SchemaRegistryAccessException;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.runtime.Mdc;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.SourceSpec;
import dev.flywheel.topology.topics.TopicCatalogue;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * {@code POST /ingest/{source}}: JSON records (one object, an array of objects, or newline-delimited objects;
 * see {@link IngestBody}) converted to the source's Avro schema ({@link JsonToAvro}), checked against its data
 * contract, and produced to the source's topic with {@code acks=all}, keyed by the source's key field.
 *
 * <p>The answer is an {@link IngestAnswer} with one result per record: 200 all accepted, 207 some accepted,
 * 422 all rejected, 503 (with {@code Retry-After}) none accepted because the broker is away. A request refused
 * as a whole gets {@code {"error", "message"}}: 400 malformed body, 404 unknown source (with the known
 * ones), 409 no schema for the source, 413 body over the limit, 415 other content type, 503 registry away.
 * A record is reported accepted only once the broker acknowledged it.
 *
 * <p>Mount it on any Javalin 7 application; it registers nothing global (no exception handlers, no JSON
 * mapper), and its body limit does not depend on {@code config.http.maxRequestSize}:
 * <pre>{@code
 * HttpIngest ingest = HttpIngest.create(spec, topics, config, registry,
 *         HttpIngestSettings.defaults(specFile.getParent()), meterRegistry);
 * Javalin app = Javalin.create(cfg -> ingest.addRoutes(cfg.routes)).start(8080);
 * ...
 * app.stop();
 * ingest.close();
 * }</pre>
 */
public final class HttpIngest implements AutoCloseable {

    /** The route this endpoint serves. */
    public static final String ROUTE = "/ingest/{source}";
    /** Header carrying the request id, also in the answer and in the MDC of every log line about the request. */
    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    private static final Logger log = LoggerFactory.getLogger(HttpIngest.class);
    private static final String JSON = "application/json";

    private final Map<String, SourceSpec> sources = new LinkedHashMap<>();
    private final Map<String, ContractValidator> contracts = new LinkedHashMap<>();
    private final TopicCatalogue topics;
    private final FlywheelProducer producer;
    private final boolean ownsProducer;
    private final SourceSchemas schemas;
    private final RecordIngester ingester;
    private final IngestMetrics metrics;
    private final HttpIngestSettings settings;

    private HttpIngest(FlywheelSpec spec, TopicCatalogue topics, FlywheelProducer producer, boolean ownsProducer,
                       SchemaRegistryClient registry, HttpIngestSettings settings, MeterRegistry meters, Clock clock) {
        this.topics = topics;
        this.producer = producer;
        this.ownsProducer = ownsProducer;
        this.settings = settings;
        for (SourceSpec source : spec.sources()) {
            sources.put(source.name(), source);
            contracts.put(source.name(), ContractValidator.of(source));
        }
        this.schemas = new SourceSchemas(spec.sources(), settings.schemaBaseDir(), registry, settings.schemaRefresh(), clock);
        this.ingester = new RecordIngester(producer, clock, settings.ackTimeout());
        this.metrics = new IngestMetrics(meters);
    }

    /**
     * An endpoint with its own producer ({@link HttpIngestSettings#PRODUCER_SETTINGS}, closed by {@link #close()}).
     *
     * @param spec the pipeline spec (its sources)
     * @param topics the topics catalogue of the spec (each source's input topic)
     * @param config cluster settings
     * @param registry the schema registry client; the caller closes it. Give it short timeouts (a few seconds,
     *     few retries): a request waits for it when a schema is not cached
     * @param settings body limit, waits, schema refresh, reader-schema base directory
     * @param meters where {@code flywheel.ingest.http.records} is counted
     * @throws IllegalArgumentException when a pinned reader schema cannot be read
     */
    public static HttpIngest create(FlywheelSpec spec, TopicCatalogue topics, FlywheelConfig config,
                                    SchemaRegistryClient registry, HttpIngestSettings settings, MeterRegistry meters) {
        FlywheelProducer producer = FlywheelProducer.create(config, registry, HttpIngestSettings.PRODUCER_SETTINGS);
        try {
            return new HttpIngest(spec, topics, producer, true, registry, settings, meters, Clock.systemUTC());
        } catch (RuntimeException e) {
            producer.close();
            throw e;
        }
    }

    /**
     * An endpoint producing through a producer the caller owns (and closes). Its delivery timeout plus max
     * block should stay under {@link HttpIngestSettings#ackTimeout()}, as in
     * {@link HttpIngestSettings#PRODUCER_SETTINGS}.
     *
     * @throws IllegalArgumentException when a pinned reader schema cannot be read
     */
    public static HttpIngest using(FlywheelSpec spec, TopicCatalogue topics, FlywheelProducer producer,
                                   SchemaRegistryClient registry, HttpIngestSettings settings, MeterRegistry meters) {
        return new HttpIngest(spec, topics, producer, false, registry, settings, meters, Clock.systemUTC());
    }

    /** Registers {@code POST /ingest/{source}} on a Javalin configuration's routes. */
    public void addRoutes(RoutesConfig routes) {
        routes.post(ROUTE, this::handle);
    }

    void handle(Context ctx) {
        String requestId = UUID.randomUUID().toString();
        ctx.header(REQUEST_ID_HEADER, requestId);
        String source = ctx.pathParam("source");
        try (MDC.MDCCloseable ignored = Mdc.put(Mdc.REQUEST, requestId)) {
            try {
                IngestAnswer answer = ingest(requestId, source, ctx);
                logOutcome(answer);
                respond(ctx, answer.httpStatus(), answer);
            } catch (IngestHttpException e) {
                log.debug("HTTP ingest to source '{}' refused with {} {}: {}", source, e.status(), e.reason(), e.getMessage());
                respond(ctx, e.status(), new ErrorAnswer(requestId, e.reason(), e.getMessage(), e.sources()));
            } catch (RuntimeException e) {
                log.error("HTTP ingest to source '{}' failed unexpectedly", source, e);
                respond(ctx, 500, new ErrorAnswer(requestId, IngestReasons.INTERNAL_ERROR, "Internal error (request "
                        + requestId + "): " + e, null));
            }
        }
    }

    private IngestAnswer ingest(String requestId, String sourceName, Context ctx) {
        SourceSpec source = sources.get(sourceName);
        if (source == null) {
            throw new IngestHttpException(404, IngestReasons.UNKNOWN_SOURCE, "Unknown source '" + sourceName
                    + "'; known sources: " + String.join(", ", sources.keySet()), List.copyOf(sources.keySet()), null);
        }
        IngestBody.Format format = IngestBody.format(ctx.header("Content-Type"));
        List<IngestBody.Item> items = IngestBody.parse(format, readBody(ctx));
        String topic = topics.sourceInput(sourceName).name();
        Schema schema = schemas.schemaOf(source, topic);
        requireSchemaId(topic, schema);
        List<RecordResult> results = ingester.ingest(source, topic, schema, contracts.get(sourceName), items);
        results.forEach(result -> metrics.count(sourceName, result));
        return IngestAnswer.of(requestId, sourceName, topic, results);
    }

    /** Registers or looks up the schema before anything is sent, so a registry problem refuses the whole request. */
    private void requireSchemaId(String topic, Schema schema) {
        try {
            producer.schemaId(topic, schema);
        } catch (SchemaRegistryAccessException e) {
            boolean retriable = e.getCause() instanceof SchemaRegistryException cause && cause.isRetriable();
            throw retriable
                    ? new IngestHttpException(503, IngestReasons.REGISTRY_UNAVAILABLE, e.getMessage(), null, e)
                    : new IngestHttpException(409, IngestReasons.SCHEMA_REFUSED, e.getMessage(), null, e);
        }
    }

    private byte[] readBody(Context ctx) {
        long limit = settings.maxRequestBytes();
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            throw tooLarge(declared + " bytes");
        }
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] body = in.readNBytes((int) limit + 1);
            if (body.length > limit) {
                throw tooLarge("more than " + limit + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw new IngestHttpException(400, IngestReasons.MALFORMED_BODY, "The body could not be read: " + e.getMessage(),
                    null, e);
        }
    }

    private IngestHttpException tooLarge(String size) {
        return new IngestHttpException(413, IngestReasons.PAYLOAD_TOO_LARGE, "The body has " + size + "; the limit is "
                + settings.maxRequestBytes() + " bytes: split it into smaller requests");
    }

    private void respond(Context ctx, int status, Object body) {
        if (status == 503) {
            ctx.header("Retry-After", Long.toString(Math.max(1, settings.retryAfter().toSeconds())));
        }
        try {
            ctx.status(status).contentType(JSON).result(IngestBody.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the ingest answer as JSON", e);
        }
    }

    private static void logOutcome(IngestAnswer answer) {
        if (answer.failed() > 0) {
            String first = answer.records().stream().filter(r -> r.status() == RecordResult.Status.FAILED)
                    .map(RecordResult::message).findFirst().orElse("");
            log.warn("HTTP ingest to source '{}': {} accepted, {} rejected, {} failed (first: {})", answer.source(),
                    answer.accepted(), answer.rejected(), answer.failed(), first);
        } else if (answer.rejected() > 0) {
            log.info("HTTP ingest to source '{}': {} accepted, {} rejected", answer.source(), answer.accepted(),
                    answer.rejected());
        } else {
            log.debug("HTTP ingest to source '{}': {} accepted", answer.source(), answer.accepted());
        }
    }

    /** Closes the producer when this endpoint created it; the routes must be stopped first. */
    @Override
    public void close() {
        if (ownsProducer) {
            producer.close();
        }
    }

    /** The answer to a request refused as a whole. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ErrorAnswer(@com.fasterxml.jackson.annotation.JsonProperty("request_id") String requestId, String error,
                       String message, List<String> sources) {
    }
}

package dev.flywheel.ingestion.http;

import dev.flywheel.schemas.registry.SchemaMetadata;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.schemas.registry.SchemaRegistryException;
import dev.flywheel.topology.spec.SourceSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Avro schema HTTP records of a source are converted to: its pinned reader schema (read once, at start, so
 * a bad path fails start-up), else the latest version registered under {@code <topic>-value}, cached for the
 * refresh interval. When the registry cannot be reached, a schema fetched before keeps serving (with a
 * warning); without one the request gets a 503.
 */
final class SourceSchemas {

    private static final Logger log = LoggerFactory.getLogger(SourceSchemas.class);

    private final SchemaRegistryClient registry;
    private final Duration refresh;
    private final Clock clock;
    private final Map<String, Schema> pinned = new ConcurrentHashMap<>();
    private final Map<String, Latest> latest = new ConcurrentHashMap<>();

    private record Latest(Schema schema, Instant fetched) {
    }

    SourceSchemas(Iterable<SourceSpec> sources, Path baseDir, SchemaRegistryClient registry, Duration refresh, Clock clock) {
        this.registry = registry;
        this.refresh = refresh;
        this.clock = clock;
        for (SourceSpec source : sources) {
            source.readerSchema().ifPresent(path -> pinned.put(source.name(), read(source, baseDir.resolve(path))));
        }
    }

    private static Schema read(SourceSpec source, Path file) {
        try {
            Schema schema = new Schema.Parser().parse(file.toFile());
            if (schema.getType() != Schema.Type.RECORD) {
                throw new IllegalArgumentException("reader_schema " + file + " of source '" + source.name() + "' is a "
                        + schema.getType() + ", not a record");
            }
            return schema;
        } catch (IOException | SchemaParseException e) {
            throw new IllegalArgumentException("Cannot read reader_schema " + file + " of source '" + source.name()
                    + "': " + e.getMessage(), e);
        }
    }

    /**
     * The schema to convert a source's records to.
     *
     * @throws IngestHttpException 409 when nothing is pinned or registered; 503 when the registry cannot be reached
     *     (502 when it answers with an error) and nothing was fetched before
     */
    Schema schemaOf(SourceSpec source, String topic) {
        Schema own = pinned.get(source.name());
        if (own != null) {
            return own;
        }
        Latest cached = latest.get(source.name());
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.fetched().plus(refresh))) {
            return cached.schema();
        }
        String subject = topic + "-value";
        try {
            SchemaMetadata metadata = registry.getLatest(subject);
            Schema schema = metadata.avroSchema();
            if (schema.getType() != Schema.Type.RECORD) {
                throw new IngestHttpException(409, IngestReasons.NO_SCHEMA, "The latest schema of subject '" + subject
                        + "' is a " + schema.getType() + ", not a record: JSON objects cannot be converted to it");
            }
            latest.put(source.name(), new Latest(schema, now));
            return schema;
        } catch (SchemaRegistryException e) {
            if (e.isNotFound()) {
                throw new IngestHttpException(409, IngestReasons.NO_SCHEMA, "Source '" + source.name() + "' has no "
                        + "reader_schema and no schema is registered under subject '" + subject + "': register one "
                        + "(or produce once with FlywheelProducer), or pin reader_schema in the spec", null, e);
            }
            if (cached != null) {
                log.warn("Schema registry failed refreshing subject '{}'; keeping the schema fetched at {}: {}", subject,
                        cached.fetched(), e.getMessage());
                return cached.schema();
            }
            throw new IngestHttpException(e.isRetriable() ? 503 : 502, IngestReasons.REGISTRY_UNAVAILABLE, "The schema registry "
                    + registry.describe() + " cannot give the schema of subject '" + subject + "': " + e.getMessage(),
                    null, e);
        }
    }
}

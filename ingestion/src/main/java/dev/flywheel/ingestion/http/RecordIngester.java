package dev.flywheel.ingestion.http;

import dev.flywheel.ingestion.contract.ContractValidator;
import dev.flywheel.ingestion.contract.FieldPath;
import dev.flywheel.ingestion.contract.Violation;
import dev.flywheel.ingestion.producer.FlywheelProducer;
import dev.flywheel.schemas.serde.SchemaRegistryAccessException;
import dev.flywheel.topology.spec.SourceSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.utils.Utils;

/**
 * Turns the JSON records of one request into results: convert, check the contract, find the key, send, then
 * wait for every acknowledgement. A record is {@code ACCEPTED} only with its partition and offset in hand.
 * Once the broker refuses a send at once (no metadata within {@code max.block.ms}), the rest of the request is
 * not sent but failed, so a request costs one blocking timeout, not one per record.
 */
final class RecordIngester {

    private final FlywheelProducer producer;
    private final Clock clock;
    private final Duration ackTimeout;

    RecordIngester(FlywheelProducer producer, Clock clock, Duration ackTimeout) {
        this.producer = producer;
        this.clock = clock;
        this.ackTimeout = ackTimeout;
    }

    /** A converted record ready to send, or why it will not be. */
    private record Prepared(byte[] key, GenericRecord record, RecordResult rejection) {
    }

    List<RecordResult> ingest(SourceSpec source, String topic, Schema schema, ContractValidator contract,
                              List<IngestBody.Item> items) {
        RecordResult[] results = new RecordResult[items.size()];
        Map<Integer, CompletableFuture<RecordMetadata>> pending = new LinkedHashMap<>();
        Instant now = clock.instant();
        String unavailable = null;
        for (int i = 0; i < items.size(); i++) {
            Prepared prepared = prepare(i, items.get(i), source, schema, contract, now);
            if (prepared.rejection() != null) {
                results[i] = prepared.rejection();
            } else if (unavailable != null) {
                results[i] = RecordResult.failed(i, IngestReasons.PRODUCE_FAILED, "Not sent: the broker refused an "
                        + "earlier record of this request (" + unavailable + ")");
            } else {
                try {
                    CompletableFuture<RecordMetadata> sent = producer.send(topic, prepared.key(), prepared.record());
                    pending.put(i, sent);
                    unavailable = refusedAtOnce(sent);
                } catch (SchemaRegistryAccessException e) {
                    results[i] = RecordResult.failed(i, IngestReasons.REGISTRY_UNAVAILABLE, e.getMessage());
                } catch (SerializationException e) {
                    results[i] = RecordResult.rejected(i, IngestReasons.SCHEMA_MISMATCH, e.getMessage(), List.of());
                }
            }
        }
        awaitAcks(pending, results);
        return Arrays.asList(results);
    }

    private Prepared prepare(int index, IngestBody.Item item, SourceSpec source, Schema schema,
                             ContractValidator contract, Instant now) {
        if (item.json() == null) {
            return rejected(index, IngestReasons.INVALID_JSON, item.invalid(), List.of());
        }
        GenericRecord record;
        try {
            record = JsonToAvro.toRecord(item.json(), schema);
        } catch (JsonConversionException e) {
            return rejected(index, IngestReasons.SCHEMA_MISMATCH, e.getMessage(), e.errors());
        }
        List<Violation> violations = contract.check(record, contract.eventTime(record).orElse(now), now);
        if (!violations.isEmpty()) {
            List<FieldError> errors = new ArrayList<>();
            for (Violation v : violations) {
                errors.add(new FieldError(v.field() == null ? "" : v.field(), v.reasonCode(), v.message()));
            }
            return rejected(index, violations.get(0).reasonCode(), Violation.summary(violations), errors);
        }
        Object key = FieldPath.of(source.key()).valueIn(record);
        if (key == null) {
            return rejected(index, IngestReasons.MISSING_KEY, source.key() + ": missing or null; it is the key of source '"
                    + source.name() + "'", List.of(new FieldError(source.key(), IngestReasons.MISSING_KEY, "missing or null")));
        }
        return new Prepared(keyBytes(key), record, null);
    }

    private static Prepared rejected(int index, String reason, String message, List<FieldError> errors) {
        return new Prepared(null, null, RecordResult.rejected(index, reason, message, errors));
    }

    /** The key as producers of the source would write it: bytes as they are, anything else as UTF-8 text. */
    static byte[] keyBytes(Object key) {
        if (key instanceof ByteBuffer buffer) {
            return Utils.toArray(buffer);
        }
        return String.valueOf(key).getBytes(StandardCharsets.UTF_8);
    }

    /** The error of a send the producer failed before returning (no metadata in time), or null. */
    private static String refusedAtOnce(CompletableFuture<RecordMetadata> sent) {
        if (!sent.isCompletedExceptionally()) {
            return null;
        }
        try {
            sent.join();
            return null;
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
    }

    private void awaitAcks(Map<Integer, CompletableFuture<RecordMetadata>> pending, RecordResult[] results) {
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        for (Map.Entry<Integer, CompletableFuture<RecordMetadata>> entry : pending.entrySet()) {
            int index = entry.getKey();
            try {
                RecordMetadata written = entry.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                results[index] = RecordResult.accepted(index, written.partition(), written.offset());
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                results[index] = RecordResult.failed(index, IngestReasons.PRODUCE_FAILED, "The broker did not take the "
                        + "record: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
            } catch (TimeoutException e) {
                results[index] = timedOut(index);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                results[index] = timedOut(index);
            }
        }
    }

    private RecordResult timedOut(int index) {
        return RecordResult.failed(index, IngestReasons.PRODUCE_TIMEOUT, "No acknowledgement within "
                + ackTimeout.toMillis() + " ms: the record may or may not be written; resending it may duplicate it");
    }
}

package dev.flywheel.schemas.serde;

import dev.flywheel.schemas.registry.AvroCompatibility;
import dev.flywheel.schemas.registry.SchemaRegistryException;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.util.Utf8;

/**
 * Reads wire-format payloads: checks the header, fetches the writer schema by id (cached), resolves it
 * against the reader the {@link ReaderChoice.Rule} picks, and decodes the body with
 * {@link BoundedBinaryDecoder}. Every way a payload can be bad ends in an {@link InvalidPayloadException}
 * with a reason code; registry trouble ends in {@link SchemaRegistryAccessException}.
 */
final class WireDecoder {

    private final SerdeContext context;
    private final ReaderChoice.Rule rule;
    /** Dotted field paths to restrict generic record readers to; null to read every field. */
    private final Collection<String> projection;
    /** Per writer schema id: how to read it, or why it cannot be read (both deterministic per id). */
    private final Map<Integer, Reading> readings = new ConcurrentHashMap<>();

    WireDecoder(SerdeContext context, ReaderChoice.Rule rule) {
        this(context, rule, null);
    }

    /**
     * A decoder that reads only the fields on {@code projection} of generic records (see {@link Projection}); the
     * writer schema is still checked against the whole reader schema, so the same payloads are refused for the
     * same reasons.
     */
    WireDecoder(SerdeContext context, ReaderChoice.Rule rule, Collection<String> projection) {
        this.context = context;
        this.rule = rule;
        this.projection = projection == null ? null : List.copyOf(projection);
    }

    Object decode(String topic, byte[] payload) {
        if (payload == null) {
            return null;
        }
        int id = WireFormat.readSchemaId(topic, payload);
        Reading reading = readings.get(id);
        if (reading == null) {
            reading = prepare(topic, id);
            readings.put(id, reading);
        }
        if (reading.problem() != null) {
            throw new IncompatibleWriterSchemaException(topic, id, reading.problem(), null);
        }
        if (reading.writer().getType() == Schema.Type.BYTES) {
            // Confluent's Java serializer writes a top-level bytes value raw, without Avro's length prefix.
            return Arrays.copyOfRange(payload, WireFormat.HEADER_SIZE, payload.length);
        }
        BoundedBinaryDecoder decoder = new BoundedBinaryDecoder(payload, WireFormat.HEADER_SIZE,
                payload.length - WireFormat.HEADER_SIZE);
        Object result;
        try {
            result = reading.reader().read(null, decoder);
        } catch (EOFException e) {
            throw new TruncatedPayloadException(topic, id, e.getMessage() + " (writer schema "
                    + reading.writer().getFullName() + ")", e);
        } catch (IOException | RuntimeException e) {
            throw new CorruptPayloadException(topic, id, reading.writer().getFullName(),
                    e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        if (decoder.remaining() > 0) {
            throw new CorruptPayloadException(topic, id, reading.writer().getFullName(), decoder.remaining()
                    + " bytes left over after the end of the record", null);
        }
        return result instanceof Utf8 ? result.toString() : result;
    }

    private Reading prepare(String topic, int id) {
        Schema writer;
        try {
            writer = context.client.getSchemaById(id);
        } catch (SchemaRegistryException e) {
            if (e.isNotFound()) {
                throw new UnknownSchemaIdException(topic, id, context.client.describe(), e);
            }
            throw new SchemaRegistryAccessException("Schema registry " + context.client.describe()
                    + " failed to return schema id " + id + " for a record of topic '" + topic + "': " + e.getMessage(), e);
        } catch (IllegalArgumentException | AvroRuntimeException e) {
            return Reading.failed("schema id " + id + " is not a usable Avro schema: " + e.getMessage());
        }
        ReaderChoice choice;
        try {
            choice = rule.choose(writer);
        } catch (IllegalArgumentException | AvroRuntimeException e) {
            return Reading.failed(e.getMessage());
        }
        if (choice.reader() != writer) {
            List<String> problems = AvroCompatibility.readProblems(choice.reader(), writer);
            if (!problems.isEmpty()) {
                return Reading.failed("writer schema " + writer.getFullName() + " cannot be read with reader schema "
                        + choice.reader().getFullName() + ": " + String.join("; ", problems));
            }
        }
        DatumReader<Object> reader;
        if (choice.model() instanceof SpecificData specific) {
            reader = new SpecificDatumReader<>(writer, choice.reader(), specific);
        } else {
            Schema read = projection != null && choice.reader().getType() == Schema.Type.RECORD
                    ? Projection.restrict(choice.reader(), projection) : choice.reader();
            reader = new GenericDatumReader<>(writer, read, choice.model());
        }
        return new Reading(writer, reader, null);
    }

    private record Reading(Schema writer, DatumReader<Object> reader, String problem) {
        static Reading failed(String problem) {
            return new Reading(null, null, problem);
        }
    }
}

package dev.flywheel.schemas.serde;

import dev.flywheel.schemas.registry.AvroCompatibility;
import dev.flywheel.schemas.registry.IncompatibleSchemaException;
import dev.flywheel.schemas.registry.SchemaMetadata;
import dev.flywheel.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Writes values in the wire format: finds the schema id (register, look up, or latest version), then the
 * header and the Avro body. Ids and writers are cached per schema, so the registry is asked once per
 * (subject, schema) and the hot path never renders schema JSON.
 */
final class WireEncoder {

    /** Generic writes accept both raw values and java.time / BigDecimal ones for logical types. */
    private static final GenericData GENERIC = genericWithConversions();

    private final SerdeContext context;
    private final Map<SubjectSchema, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<Object>> genericWriters = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<Object>> specificWriters = new ConcurrentHashMap<>();
    private final Map<Projection, List<String>> projections = new ConcurrentHashMap<>();

    WireEncoder(SerdeContext context) {
        this.context = context;
    }

    byte[] encode(String topic, Object value) {
        if (value == null) {
            return null;
        }
        Schema schema = AvroValues.schemaOf(topic, value);
        String subject = context.subject(topic, schema);
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        if (context.config.useLatestVersion()) {
            SchemaMetadata latest = latest(topic, subject);
            Schema target = context.client.getSchemaById(latest.id());
            WireFormat.writeHeader(out, latest.id());
            if (target.equals(schema)) {
                writeBody(topic, out, schema, value, value instanceof SpecificRecord);
            } else {
                writeBody(topic, out, target, project(topic, subject, value, schema, latest, target), false);
            }
        } else {
            WireFormat.writeHeader(out, idOf(topic, subject, schema));
            writeBody(topic, out, schema, value, value instanceof SpecificRecord);
        }
        return out.toByteArray();
    }

    private int idOf(String topic, String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = ids.get(key);
        if (cached != null) {
            return cached;
        }
        boolean register = context.config.autoRegisterSchemas();
        int id;
        try {
            id = register ? context.client.register(subject, schema) : context.client.getId(subject, schema);
        } catch (IncompatibleSchemaException e) {
            throw new SchemaRegistryAccessException("Cannot register schema " + schema.getFullName() + " for topic '"
                    + topic + "' under subject '" + subject + "': it is incompatible with the subject's earlier "
                    + "versions (" + e.getMessage() + ")", e);
        } catch (SchemaRegistryException e) {
            if (!register && e.isNotFound()) {
                throw new SchemaNotRegisteredException(topic, subject, schema.getFullName(), context.client.describe(), e);
            }
            throw new SchemaRegistryAccessException("Schema registry failed while " + (register ? "registering" : "looking up")
                    + " schema " + schema.getFullName() + " under subject '" + subject + "' for topic '" + topic + "': "
                    + e.getMessage(), e);
        }
        ids.put(key, id);
        return id;
    }

    private SchemaMetadata latest(String topic, String subject) {
        try {
            return context.client.getLatest(subject);
        } catch (SchemaRegistryException e) {
            throw new SchemaRegistryAccessException("Cannot serialize for topic '" + topic + "' with "
                    + AvroSerdeConfig.USE_LATEST_VERSION + "=true: no latest version of subject '" + subject + "' in "
                    + "schema registry " + context.client.describe() + " (" + e.getMessage() + ")", e);
        }
    }

    /** Re-reads a value written with its own schema as a record of the latest schema, by field name. */
    private Object project(String topic, String subject, Object value, Schema schema, SchemaMetadata latest, Schema target) {
        List<String> problems = projections.computeIfAbsent(new Projection(schema, latest.id()),
                p -> AvroCompatibility.readProblems(target, schema));
        if (!problems.isEmpty()) {
            throw new SerializationException("Cannot serialize a " + schema.getFullName() + " for topic '" + topic
                    + "' with the latest version " + latest.version() + " (id " + latest.id() + ") of subject '" + subject
                    + "': " + problems);
        }
        ByteArrayOutputStream own = new ByteArrayOutputStream(128);
        writeBody(topic, own, schema, value, value instanceof SpecificRecord);
        try {
            return new GenericDatumReader<>(schema, target, GenericData.get())
                    .read(null, DecoderFactory.get().binaryDecoder(own.toByteArray(), null));
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot project a " + schema.getFullName() + " onto the latest version of "
                    + "subject '" + subject + "' for topic '" + topic + "': " + e.getMessage(), e);
        }
    }

    private void writeBody(String topic, ByteArrayOutputStream out, Schema schema, Object datum, boolean specific) {
        if (schema.getType() == Schema.Type.BYTES) {
            // Confluent's Java serializer writes a top-level bytes value raw, without Avro's length prefix.
            out.writeBytes(AvroValues.bytesOf(datum));
            return;
        }
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer(schema, specific).write(datum, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot serialize a value of schema " + schema.getFullName() + " for topic '"
                    + topic + "': " + e.getMessage(), e);
        }
    }

    private DatumWriter<Object> writer(Schema schema, boolean specific) {
        if (specific) {
            return specificWriters.computeIfAbsent(schema, s -> new SpecificDatumWriter<>(s, SpecificData.getForSchema(s)));
        }
        return genericWriters.computeIfAbsent(schema, s -> new GenericDatumWriter<>(s, GENERIC));
    }

    private static GenericData genericWithConversions() {
        GenericData data = new GenericData();
        data.addLogicalTypeConversion(new TimeConversions.DateConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimeMillisConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimeMicrosConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        data.addLogicalTypeConversion(new TimeConversions.LocalTimestampMillisConversion());
        data.addLogicalTypeConversion(new TimeConversions.LocalTimestampMicrosConversion());
        data.addLogicalTypeConversion(new org.apache.avro.Conversions.DecimalConversion());
        data.addLogicalTypeConversion(new org.apache.avro.Conversions.UUIDConversion());
        return data;
    }

    private record SubjectSchema(String subject, Schema schema) {
    }

    private record Projection(Schema schema, int targetId) {
    }
}

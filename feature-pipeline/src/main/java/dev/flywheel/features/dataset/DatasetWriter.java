package dev.flywheel.features.dataset;

import dev.flywheel.schemas.events.FeatureProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import dev.flywheel.features.offline.ParquetFooter;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Writes the joined rows (entity-row columns, then one nullable column per feature) to a local Parquet file in
 * entity-row order, and profiles every feature on the way (two passes for numerics: see {@link ProfileAccumulator}),
 * or leaves the profiles to {@link AnswerProfiles} when the answers are in memory. The file's footer is made
 * canonical on close ({@link ParquetFooter}), so the bytes do not depend on the process that wrote them.
 */
final class DatasetWriter {

    private final Schema schema;
    private final List<FeatureRef> features;
    private final List<ProfileAccumulator> profiles = new ArrayList<>();
    private final int entityColumns;

    DatasetWriter(Schema entitySchema, List<FeatureRef> features, List<Schema> featureTypes, int sampleSize) {
        this.features = features;
        this.entityColumns = entitySchema.getFields().size();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : entitySchema.getFields()) {
            fields.add(new Schema.Field(field, field.schema()));
        }
        for (int i = 0; i < features.size(); i++) {
            Schema type = featureTypes.get(i) == null || featureTypes.get(i).getType() == Schema.Type.ENUM
                    ? Schema.create(Schema.Type.STRING) : featureTypes.get(i);
            if (entitySchema.getField(features.get(i).feature()) != null) {
                throw new IllegalArgumentException("feature '" + features.get(i) + "' has the name of an entity-row column");
            }
            fields.add(new Schema.Field(features.get(i).feature(),
                    Schema.createUnion(Schema.create(Schema.Type.NULL), type), null, Schema.Field.NULL_DEFAULT_VALUE));
            boolean numeric = switch (type.getType()) {
                case INT, LONG, FLOAT, DOUBLE -> true;
                default -> false;
            };
            profiles.add(new ProfileAccumulator(features.get(i).toString(), numeric, sampleSize,
                    features.get(i).toString().hashCode()));
        }
        this.schema = Schema.createRecord("dataset", "Point-in-time join of entity rows with features",
                "dev.flywheel.datasets", false, fields);
    }

    Schema schema() {
        return schema;
    }

    /**
     * A writer of the output file: feature {@code i} is slot {@code featureSlot[i]} of view answer
     * {@code featureView[i]}.
     */
    Output open(Path file, int[] featureView, int[] featureSlot) throws IOException {
        return open(file, featureView, featureSlot, true);
    }

    /**
     * A writer of the output file that profiles the features on the way when {@code profile}; without, the
     * accumulators ({@link #accumulators}) are left to another pass ({@link AnswerProfiles}).
     */
    Output open(Path file, int[] featureView, int[] featureSlot, boolean profile) throws IOException {
        return new Output(file, featureView, featureSlot, profile);
    }

    /** Each feature's profile accumulator, in feature order. */
    List<ProfileAccumulator> accumulators() {
        return profiles;
    }

    /** The profiles of accumulators that are filled and frozen. */
    List<FeatureProfile> frozenProfiles() {
        return profiles.stream().map(ProfileAccumulator::profile).toList();
    }

    /**
     * Writes rows straight from the entity records and the views' primitive answers through Parquet's record
     * consumer (no output records are built), profiling every feature value on the way. The Parquet schema is
     * the one parquet-avro derives from the output Avro schema, and the Avro schema is stored in the footer as
     * parquet-avro does, so Avro readers read the file back as the same records.
     */
    final class Output implements AutoCloseable {
        private final ParquetWriter<Row> writer;
        private final Path file;
        private final Row row = new Row();

        private Output(Path file, int[] featureView, int[] featureSlot, boolean profile) throws IOException {
            this.file = file;
            MessageType type = new AvroSchemaConverter().convert(schema);
            writer = new Builder(new LocalOutputFile(file), new RowWriteSupport(type, featureView, featureSlot, profile))
                    .withConf(new PlainParquetConfiguration()).withCompressionCodec(CompressionCodecName.SNAPPY)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build();
        }

        /** Writes one output row. */
        void write(GenericRecord entity, RowValues[] views) throws IOException {
            row.entity = entity;
            row.views = views;
            writer.write(row);
        }

        @Override
        public void close() throws IOException {
            writer.close();
            ParquetFooter.canonicalize(file); // the same bytes from any process (parquet-mr's encoding lists vary)
        }
    }

    private static final class Row {
        GenericRecord entity;
        RowValues[] views;
    }

    private static final class Builder extends ParquetWriter.Builder<Row, Builder> {
        private final WriteSupport<Row> support;

        Builder(OutputFile file, WriteSupport<Row> support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Row> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return support;
        }

        @Override
        protected WriteSupport<Row> getWriteSupport(ParquetConfiguration conf) {
            return support;
        }
    }

    private final class RowWriteSupport extends WriteSupport<Row> {
        private final MessageType type;
        private final int[] featureView;
        private final int[] featureSlot;
        private final Schema.Type[] entityTypes = new Schema.Type[entityColumns];
        private final String[] names;
        private final boolean profile;
        private RecordConsumer out;
        private Schema entitySchema;
        private int[] entityPositions;

        RowWriteSupport(MessageType type, int[] featureView, int[] featureSlot, boolean profile) {
            this.type = type;
            this.profile = profile;
            this.featureView = featureView;
            this.featureSlot = featureSlot;
            this.names = schema.getFields().stream().map(Schema.Field::name).toArray(String[]::new);
            for (int i = 0; i < entityColumns; i++) {
                entityTypes[i] = Values.nonNull(schema.getFields().get(i).schema()).getType();
            }
        }

        @Override
        public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
            return context();
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return context();
        }

        private WriteContext context() {
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("parquet.avro.schema", schema.toString());
            metadata.put("writer.model.name", "avro");
            return new WriteContext(type, metadata);
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.out = recordConsumer;
        }

        @Override
        public void write(Row row) {
            out.startMessage();
            if (row.entity.getSchema() != entitySchema) {
                entitySchema = row.entity.getSchema();
                entityPositions = new int[entityColumns];
                for (int i = 0; i < entityColumns; i++) {
                    Schema.Field field = entitySchema.getField(names[i]);
                    entityPositions[i] = field == null ? -1 : field.pos();
                }
            }
            for (int i = 0; i < entityColumns; i++) {
                Object value = entityPositions[i] < 0 ? null : row.entity.get(entityPositions[i]);
                if (value != null) {
                    out.startField(names[i], i);
                    writeEntityValue(entityTypes[i], names[i], value);
                    out.endField(names[i], i);
                }
            }
            for (int f = 0; f < featureSlot.length; f++) {
                RowValues values = row.views[featureView[f]];
                int slot = featureSlot[f];
                if (profile) {
                    observe(profiles.get(f), values, slot);
                }
                if (values.nulls[slot]) {
                    continue;
                }
                int column = entityColumns + f;
                out.startField(names[column], column);
                switch (values.kinds[slot]) {
                    case BOOLEAN -> out.addBoolean(values.longs[slot] != 0);
                    case INT -> out.addInteger((int) values.longs[slot]);
                    case LONG -> out.addLong(values.longs[slot]);
                    case FLOAT -> out.addFloat((float) values.doubles[slot]);
                    case DOUBLE -> out.addDouble(values.doubles[slot]);
                    default -> out.addBinary(Binary.fromString(values.strings[slot]));
                }
                out.endField(names[column], column);
            }
            out.endMessage();
        }

        private static void observe(ProfileAccumulator profile, RowValues values, int slot) {
            if (values.nulls[slot]) {
                profile.observeNull();
                return;
            }
            switch (values.kinds[slot]) {
                case BOOLEAN -> profile.observeCategory(values.longs[slot] != 0 ? "true" : "false");
                case INT, LONG -> profile.observeNumber(values.longs[slot]);
                case FLOAT, DOUBLE -> profile.observeNumber(values.doubles[slot]);
                default -> profile.observeCategory(values.strings[slot]);
            }
        }

        private void writeEntityValue(Schema.Type avroType, String name, Object value) {
            switch (avroType) {
                case STRING, ENUM -> out.addBinary(Binary.fromString(value.toString()));
                case BOOLEAN -> out.addBoolean((Boolean) value);
                case INT -> out.addInteger(((Number) value).intValue());
                case LONG -> out.addLong(value instanceof Instant instant ? instant.toEpochMilli() : ((Number) value).longValue());
                case FLOAT -> out.addFloat(((Number) value).floatValue());
                case DOUBLE -> out.addDouble(((Number) value).doubleValue());
                default -> throw new IllegalArgumentException("entity-row column '" + name + "' has unsupported type "
                        + avroType + " (supported: text, numbers, booleans, timestamps)");
            }
        }
    }

    /** Second pass over the written file, feature columns only: freezes bin edges and counts the bins. */
    List<FeatureProfile> profiles(Path file) {
        profiles.forEach(ProfileAccumulator::freeze);
        try (ParquetColumns columns = new ParquetColumns(file)) {
            ColumnDescriptor[] descriptors = new ColumnDescriptor[features.size()];
            for (int i = 0; i < descriptors.length; i++) {
                descriptors[i] = columns.column(schema.getFields().get(entityColumns + i).name());
            }
            for (ParquetColumns.RowGroup group = columns.next(); group != null; group = columns.next()) {
                for (int i = 0; i < descriptors.length; i++) {
                    ProfileAccumulator profile = profiles.get(i);
                    if (!profile.numeric()) {
                        continue;
                    }
                    ColumnReader reader = group.reader(descriptors[i]);
                    PrimitiveType.PrimitiveTypeName type = descriptors[i].getPrimitiveType().getPrimitiveTypeName();
                    for (long r = 0; r < group.rows(); r++) {
                        if (ParquetColumns.present(reader)) {
                            profile.bin(switch (type) {
                                case DOUBLE -> reader.getDouble();
                                case FLOAT -> reader.getFloat();
                                case INT64 -> reader.getLong();
                                default -> reader.getInteger();
                            });
                        }
                        reader.consume();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back " + file, e);
        }
        return profiles.stream().map(ProfileAccumulator::profile).toList();
    }
}

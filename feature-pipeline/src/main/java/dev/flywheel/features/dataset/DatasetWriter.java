package dev.flywheel.features.dataset;

import dev.flywheel.features.offline.ParquetIo;
import dev.flywheel.schemas.events.FeatureProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * Writes the joined rows (entity-row columns, then one nullable column per feature) to a local Parquet file in
 * entity-row order, and profiles every feature on the way (two passes for numerics: see {@link ProfileAccumulator}).
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

    /** A writer of the output file. */
    ParquetWriter<GenericRecord> open(Path file) throws IOException {
        return ParquetIo.writer(file, schema);
    }

    /** The output row of an entity row and each feature's value. */
    GenericRecord row(GenericRecord entity, Object[] featureValues) {
        GenericRecord out = new GenericData.Record(schema);
        for (int i = 0; i < entityColumns; i++) {
            out.put(i, Values.plain(entity, schema.getFields().get(i).name()));
        }
        for (int i = 0; i < featureValues.length; i++) {
            out.put(entityColumns + i, featureValues[i]);
            profiles.get(i).observe(featureValues[i]);
        }
        return out;
    }

    /** Second pass over the written file: freezes bin edges and counts the bins. */
    List<FeatureProfile> profiles(Path file) {
        profiles.forEach(ProfileAccumulator::freeze);
        try (ParquetReader<GenericRecord> reader = ParquetIo.reader(file)) {
            for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
                for (int i = 0; i < features.size(); i++) {
                    profiles.get(i).bin(row.get(entityColumns + i));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back " + file, e);
        }
        return profiles.stream().map(ProfileAccumulator::profile).toList();
    }
}

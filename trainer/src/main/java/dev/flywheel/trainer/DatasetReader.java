package dev.flywheel.trainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;

/**
 * Reads a dataset Parquet file into a {@link Table}. Numbers become floats, booleans 0/1, text a category code (the
 * index of the value among the column's sorted distinct values, so the coding is deterministic), nulls NaN. A label
 * with two distinct values (booleans, 0/1, two words) makes a binary task, any other numeric label a regression.
 */
final class DatasetReader {

    private DatasetReader() {
    }

    static Table read(Path file, TrainerOptions options) {
        List<GenericRecord> rows = new ArrayList<>();
        Schema schema;
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file),
                new PlainParquetConfiguration()).withDataModel(GenericData.get()).build()) {
            for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
                rows.add(row);
            }
        } catch (IOException | RuntimeException e) {
            throw new BadInputException("the dataset is not a readable Parquet file (" + options.dataset() + "): "
                    + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new BadInputException("the dataset has no rows: " + options.dataset());
        }
        schema = rows.get(0).getSchema();
        if (schema.getField(options.label()) == null) {
            throw new BadInputException("label column '" + options.label() + "' is not in the dataset (columns: "
                    + names(schema) + ")");
        }
        List<String> features = features(schema, options);
        return build(rows, features, options.label());
    }

    private static List<String> features(Schema schema, TrainerOptions options) {
        if (!options.features().isEmpty()) {
            for (String feature : options.features()) {
                Schema.Field field = schema.getField(feature);
                if (field == null) {
                    throw new BadInputException("feature column '" + feature + "' is not in the dataset (columns: "
                            + names(schema) + ")");
                }
                if (!usable(field.schema())) {
                    throw new BadInputException("feature column '" + feature + "' has an unusable type " + field.schema());
                }
            }
            return options.features();
        }
        List<String> features = new ArrayList<>();
        for (Schema.Field field : schema.getFields()) {
            if (!field.name().equals(options.label()) && !options.exclude().contains(field.name())
                    && usable(field.schema()) && !timestamp(field.schema())) {
                features.add(field.name());
            }
        }
        if (features.isEmpty()) {
            throw new BadInputException("the dataset has no usable feature column besides the label (columns: "
                    + names(schema) + ")");
        }
        return features;
    }

    private static Table build(List<GenericRecord> rows, List<String> features, String label) {
        Map<String, Map<String, Integer>> codes = new TreeMap<>();
        for (String feature : features) {
            if (base(rows.get(0).getSchema().getField(feature).schema()).getType() == Schema.Type.STRING) {
                codes.put(feature, categories(rows, feature));
            }
        }
        List<GenericRecord> labelled = rows.stream().filter(r -> r.get(label) != null).toList();
        if (labelled.isEmpty()) {
            throw new BadInputException("every row's label '" + label + "' is null");
        }
        Set<String> distinct = new HashSet<>();
        labelled.forEach(r -> distinct.add(r.get(label).toString()));
        Schema.Type labelType = base(rows.get(0).getSchema().getField(label).schema()).getType();
        boolean numeric = labelType != Schema.Type.STRING && labelType != Schema.Type.BOOLEAN;
        Table.Task task = distinct.size() <= 2 && (!numeric || Set.of("0", "1", "0.0", "1.0").containsAll(distinct))
                ? Table.Task.BINARY : Table.Task.REGRESSION;
        if (task == Table.Task.REGRESSION && !numeric) {
            throw new BadInputException("label '" + label + "' has " + distinct.size()
                    + " distinct text values: only binary or numeric labels are trained");
        }
        List<String> sortedLabels = new ArrayList<>(new TreeSet<>(distinct));
        float[] values = new float[labelled.size() * features.size()];
        float[] labels = new float[labelled.size()];
        for (int i = 0; i < labelled.size(); i++) {
            GenericRecord row = labelled.get(i);
            for (int j = 0; j < features.size(); j++) {
                values[i * features.size() + j] = encode(row.get(features.get(j)), codes.get(features.get(j)));
            }
            Object y = row.get(label);
            labels[i] = task == Table.Task.REGRESSION ? ((Number) y).floatValue()
                    : y instanceof Boolean b ? (b ? 1 : 0)
                    : numeric ? ((Number) y).floatValue() : sortedLabels.indexOf(y.toString());
        }
        return new Table(features, values, labels, task, rows.size() - labelled.size());
    }

    private static Map<String, Integer> categories(List<GenericRecord> rows, String feature) {
        TreeSet<String> values = new TreeSet<>();
        rows.forEach(r -> {
            if (r.get(feature) != null) {
                values.add(r.get(feature).toString());
            }
        });
        Map<String, Integer> codes = new TreeMap<>();
        values.forEach(v -> codes.put(v, codes.size()));
        return codes;
    }

    private static float encode(Object value, Map<String, Integer> codes) {
        if (value == null) {
            return Float.NaN;
        }
        if (codes != null) {
            return codes.get(value.toString());
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (value instanceof java.time.Instant instant) {
            return instant.toEpochMilli();
        }
        return ((Number) value).floatValue();
    }

    private static boolean usable(Schema schema) {
        return switch (base(schema).getType()) {
            case INT, LONG, FLOAT, DOUBLE, BOOLEAN, STRING -> true;
            default -> false;
        };
    }

    private static boolean timestamp(Schema schema) {
        LogicalType type = base(schema).getLogicalType();
        return type instanceof LogicalTypes.TimestampMillis || type instanceof LogicalTypes.TimestampMicros
                || type instanceof LogicalTypes.LocalTimestampMillis || type instanceof LogicalTypes.LocalTimestampMicros;
    }

    private static Schema base(Schema schema) {
        if (schema.getType() == Schema.Type.UNION) {
            return schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElse(schema);
        }
        return schema;
    }

    private static List<String> names(Schema schema) {
        return schema.getFields().stream().map(Schema.Field::name).toList();
    }

}

package dev.flywheel.features.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Entity rows from a CSV file with a header row (RFC 4180 quoting). Column types are inferred in a first pass:
 * long, then double, then boolean, else string; an empty cell is null. The timestamp column becomes
 * {@code timestamp-millis} (epoch milliseconds or ISO-8601 instants). Rows are streamed, never held.
 */
final class CsvRecords {

    private enum Kind { LONG, DOUBLE, BOOLEAN, STRING }

    private final Path file;
    private final String timestampColumn;
    private final Schema schema;

    CsvRecords(Path file, String timestampColumn) {
        this.file = file;
        this.timestampColumn = timestampColumn;
        this.schema = inferSchema();
    }

    Schema schema() {
        return schema;
    }

    /** Streams every row as a record of {@link #schema()}. */
    void forEach(Consumer<GenericRecord> action) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> header = parse(reader.readLine());
            int line = 1;
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                line++;
                if (text.isEmpty()) {
                    continue;
                }
                List<String> cells = parse(text);
                if (cells.size() != header.size()) {
                    throw new IllegalArgumentException(file + ":" + line + ": " + cells.size() + " cells, header has "
                            + header.size());
                }
                GenericRecord record = new GenericData.Record(schema);
                for (int i = 0; i < cells.size(); i++) {
                    record.put(i, convert(schema.getFields().get(i), cells.get(i), line));
                }
                action.accept(record);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private Object convert(Schema.Field field, String cell, int line) {
        if (cell.isEmpty()) {
            return null;
        }
        if (field.name().equals(timestampColumn)) {
            return parseTimestamp(cell, line);
        }
        Schema.Type type = field.schema().getTypes().get(1).getType();
        return switch (type) {
            case LONG -> Long.parseLong(cell);
            case DOUBLE -> Double.parseDouble(cell);
            case BOOLEAN -> Boolean.parseBoolean(cell);
            default -> cell;
        };
    }

    private long parseTimestamp(String cell, int line) {
        try {
            return cell.chars().allMatch(c -> c == '-' || Character.isDigit(c)) ? Long.parseLong(cell)
                    : Instant.parse(cell).toEpochMilli();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ":" + line + ": timestamp '" + cell
                    + "' is neither epoch milliseconds nor an ISO-8601 instant", e);
        }
    }

    private Schema inferSchema() {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = reader.readLine();
            if (first == null) {
                throw new IllegalArgumentException(file + ": empty CSV, a header row is needed");
            }
            List<String> header = parse(first);
            if (!header.contains(timestampColumn)) {
                throw new IllegalArgumentException(file + ": no timestamp column '" + timestampColumn + "' in " + header);
            }
            Kind[] kinds = new Kind[header.size()];
            java.util.Arrays.fill(kinds, Kind.LONG);
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                List<String> cells = parse(text);
                for (int i = 0; i < Math.min(cells.size(), kinds.length); i++) {
                    kinds[i] = widen(kinds[i], cells.get(i));
                }
            }
            SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("entity_row").namespace("dev.flywheel.datasets")
                    .fields();
            for (int i = 0; i < header.size(); i++) {
                Schema type = header.get(i).equals(timestampColumn)
                        ? LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG))
                        : Schema.create(Schema.Type.valueOf(kinds[i].name()));
                fields = fields.name(header.get(i)).type(Schema.createUnion(Schema.create(Schema.Type.NULL), type))
                        .withDefault(null);
            }
            return fields.endRecord();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Kind widen(Kind kind, String cell) {
        if (cell.isEmpty()) {
            return kind;
        }
        if (kind == Kind.LONG && cell.matches("-?\\d{1,18}")) {
            return Kind.LONG;
        }
        if ((kind == Kind.LONG || kind == Kind.DOUBLE) && cell.matches("-?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
            return Kind.DOUBLE;
        }
        if ((kind == Kind.LONG || kind == Kind.BOOLEAN) && (cell.equals("true") || cell.equals("false"))) {
            return Kind.BOOLEAN;
        }
        return Kind.STRING;
    }

    /** Splits one line; quotes may wrap a cell, {@code ""} inside quotes is a quote. */
    static List<String> parse(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}

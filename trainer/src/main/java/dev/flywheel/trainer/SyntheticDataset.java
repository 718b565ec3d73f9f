package dev.flywheel.trainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Writes synthetic datasets in the dataset builder's shape (entity column, timestamp, label, features), for trying the
 * trainer where no real dataset is at hand, e.g. on a GPU machine ({@code trainer/gpu-check.sh}).
 */
public final class SyntheticDataset {

    private static final Schema TS = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));

    private SyntheticDataset() {
    }

    /**
     * Writes a learnable dataset: the label depends on {@code amount} and {@code country}.
     *
     * @param file the Parquet file
     * @param rows how many rows
     * @param numericLabel a numeric label (regression) instead of a boolean
     */
    public static Path write(Path file, int rows, boolean numericLabel) throws IOException {
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("dataset").fields().requiredString("card_id")
                .name("ts").type(TS).noDefault();
        fields = numericLabel ? fields.requiredDouble("label") : fields.optionalBoolean("label");
        Schema schema = fields.optionalDouble("amount").optionalLong("txn_count").optionalString("country").endRecord();
        Random random = new Random(7);
        try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration()).withSchema(schema).withDataModel(GenericData.get())
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build()) {
            for (int i = 0; i < rows; i++) {
                double amount = random.nextDouble() * 100;
                String country = random.nextBoolean() ? "DE" : "FR";
                GenericRecord row = new GenericData.Record(schema);
                row.put("card_id", "c-" + i % 13);
                row.put("ts", 1_700_000_000_000L + i * 1000L);
                row.put("amount", i % 17 == 0 ? null : amount);
                row.put("txn_count", (long) random.nextInt(10));
                row.put("country", country);
                double signal = amount + ("DE".equals(country) ? 20 : 0) + random.nextGaussian() * 10;
                row.put("label", numericLabel ? (Object) (signal * 2) : (Object) (signal > 60));
                writer.write(row);
            }
        }
        return file;
    }

    /**
     * Writes a dataset.
     *
     * @param args the Parquet file, then the row count (default 100,000); a third argument {@code numeric} makes a
     *             regression label
     * @throws IOException when the file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: SyntheticDataset FILE [ROWS] [numeric]");
        }
        write(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 100_000,
                args.length > 2 && args[2].equals("numeric"));
    }
}

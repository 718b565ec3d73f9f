package dev.flywheel.features.offline;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * Parquet reading and writing through Parquet's own {@link OutputFile}/{@code InputFile} interfaces and a plain
 * (Hadoop-free) configuration: no Hadoop file system is touched at run time. Objects for S3 are built in memory
 * and put whole; large outputs go to a local file first.
 *
 * <p>Avro {@code timestamp-millis} becomes Parquet {@code INT64 TIMESTAMP(MILLIS, UTC)}, which Feast, pyarrow and
 * Spark read as timestamps. Snappy compression. The bytes depend only on the schema and the records, so writing
 * the same records twice gives the same file, in any process for {@link #toBytes} (its footer is made canonical by
 * {@link ParquetFooter}; a file from {@link #writer} needs {@link ParquetFooter#canonicalize(Path)} after closing).
 */
public final class ParquetIo {

    private ParquetIo() {
    }

    /** Writes records into an in-memory Parquet file. */
    public static byte[] toBytes(Schema schema, Iterable<? extends GenericRecord> records) {
        InMemoryOutputFile file = new InMemoryOutputFile();
        try (ParquetWriter<GenericRecord> writer = writer(file, schema)) {
            for (GenericRecord record : records) {
                writer.write(record);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("writing Parquet in memory failed", e);
        }
        try {
            return ParquetFooter.canonicalize(file.bytes()); // the same bytes from any process: see ParquetFooter
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("writing Parquet in memory failed", e);
        }
    }

    /** A writer to a local file, replacing it. */
    public static ParquetWriter<GenericRecord> writer(Path file, Schema schema) throws IOException {
        return writer(new LocalOutputFile(file), schema);
    }

    /** A reader of a local file, records in its own (writer) schema. */
    public static ParquetReader<GenericRecord> reader(Path file) throws IOException {
        return AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file), new PlainParquetConfiguration())
                .withDataModel(GenericData.get()).build();
    }

    private static ParquetWriter<GenericRecord> writer(OutputFile file, Schema schema) throws IOException {
        return AvroParquetWriter.<GenericRecord>builder(file).withConf(new PlainParquetConfiguration())
                .withSchema(schema).withDataModel(GenericData.get())
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build();
    }

    /** Epoch milliseconds of a timestamp value as Avro hands it over (a long, or an {@link Instant}). */
    public static long millis(Object value) {
        if (value instanceof Instant instant) {
            return instant.toEpochMilli();
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        throw new IllegalArgumentException("not a timestamp: " + value);
    }

    /** An {@link OutputFile} in memory. */
    static final class InMemoryOutputFile implements OutputFile {
        private final Buffer buffer = new Buffer();

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return stream();
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            buffer.reset();
            return stream();
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }

        byte[] bytes() {
            return buffer.toByteArray();
        }

        private PositionOutputStream stream() {
            return new PositionOutputStream() {
                @Override
                public long getPos() {
                    return buffer.size();
                }

                @Override
                public void write(int b) {
                    buffer.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    buffer.write(b, off, len);
                }
            };
        }

        private static final class Buffer extends ByteArrayOutputStream {
            @Override
            public synchronized byte[] toByteArray() {
                return Arrays.copyOf(buf, count);
            }
        }
    }
}

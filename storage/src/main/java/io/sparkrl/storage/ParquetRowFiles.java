package io.sparkrl.storage;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Parquet files of {@link Tables}' rows written from inside a Spark task (or anywhere) without a DataFrame: one
 * row at a time, so memory holds one row group, never a partition. A file is written under a hidden in-progress
 * name ({@code .NAME.inprogress-<uuid>}, which Spark, DuckDB and pyarrow globs skip) and renamed to its final name
 * by {@link Writer#commit()}; a retried task that writes the same name replaces it with the same rows, so file
 * names made of (actor, sequence) make writes idempotent. Files carry Spark's schema in their footer, so Spark reads
 * them with exactly the table's types; timestamps are INT64 microseconds (UTC), zstd compression.
 */
public final class ParquetRowFiles {
    private ParquetRowFiles() {}

    /** The footer key under which Spark stores (and reads) a file's Catalyst schema. */
    private static final String SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";
    private static final String IN_PROGRESS = ".inprogress-";
    private static final int ROW_GROUP_BYTES = 32 << 20;

    /** A file being written; invisible until {@link #commit()}. */
    public static final class Writer implements Closeable {
        private final FileSystem fs;
        private final Path target, inProgress;
        private final ParquetWriter<Row> parquet;
        private long rows;
        private boolean closed;

        private Writer(FileSystem fs, Path target, StructType schema, Configuration conf) throws IOException {
            this.fs = fs;
            this.target = target;
            this.inProgress = inProgressPath(target);
            this.parquet = new Builder(outputFile(fs, inProgress, conf), schema).withConf(conf)
                    .withCompressionCodec(CompressionCodecName.ZSTD)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .withRowGroupSize(ROW_GROUP_BYTES)
                    .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
                    .build();
        }

        public void write(Row row) throws IOException {
            parquet.write(row);
            rows++;
        }

        public long rows() { return rows; }

        /** Bytes written and buffered so far (compressed, approximately the file's size). */
        public long dataSize() { return parquet.getDataSize(); }

        /** Closes the file and moves it to its final name, replacing a file a failed attempt committed. */
        public void commit() throws IOException {
            closed = true;
            parquet.close();
            moveInPlace(fs, inProgress, target);
        }

        /** Abandons an uncommitted file. */
        @Override public void close() throws IOException {
            if (closed) return;
            closed = true;
            try {
                parquet.close();
            } finally {
                fs.delete(inProgress, false);
            }
        }
    }

    /** Starts {@code target} (its directory is created if needed), a file of rows of {@code schema}. */
    public static Writer create(Path target, StructType schema, Configuration conf) throws IOException {
        return new Writer(target.getFileSystem(conf), target, schema, conf);
    }

    /**
     * Joins {@code inputs} (files of one schema, at least one) into {@code target} by copying their row groups (no
     * decoding), through an in-progress name and a rename; the schema and footer metadata are the first input's.
     * Returns the inputs' total bytes.
     */
    public static long concat(List<Path> inputs, Path target, Configuration conf) throws IOException {
        FileSystem fs = target.getFileSystem(conf);
        FileMetaData first;
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(inputs.get(0), conf))) {
            first = reader.getFooter().getFileMetaData();
        }
        Path inProgress = inProgressPath(target);
        long bytes = 0;
        try {
            ParquetFileWriter out = new ParquetFileWriter(outputFile(fs, inProgress, conf), first.getSchema(),
                    ParquetFileWriter.Mode.OVERWRITE, ROW_GROUP_BYTES, 0);
            out.start();
            for (Path in : inputs) {
                out.appendFile(HadoopInputFile.fromPath(in, conf));
                bytes += fs.getFileStatus(in).getLen();
            }
            out.end(first.getKeyValueMetaData());
            moveInPlace(fs, inProgress, target);
            return bytes;
        } catch (IOException | RuntimeException e) {
            fs.delete(inProgress, false);
            throw e;
        }
    }

    /** Whether a file name is a writer's uncommitted file (left behind only by a killed writer). */
    public static boolean isInProgress(String fileName) { return fileName.startsWith(".") && fileName.contains(IN_PROGRESS); }

    /** The committed Parquet files directly in {@code dir} (none if it does not exist), by name. */
    public static List<FileStatus> list(Path dir, Configuration conf) throws IOException {
        FileSystem fs = dir.getFileSystem(conf);
        List<FileStatus> files = new ArrayList<>();
        if (!fs.exists(dir)) return files;
        for (FileStatus s : fs.listStatus(dir))
            if (s.isFile() && s.getPath().getName().endsWith(".parquet") && !s.getPath().getName().startsWith(".")) files.add(s);
        files.sort((a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
        return files;
    }

    /** Removes what killed writers left in {@code dir}. */
    public static void deleteInProgress(Path dir, Configuration conf) throws IOException {
        FileSystem fs = dir.getFileSystem(conf);
        if (!fs.exists(dir)) return;
        for (FileStatus s : fs.listStatus(dir)) if (isInProgress(s.getPath().getName())) fs.delete(s.getPath(), false);
    }

    /**
     * Where a file's bytes go: on the local filesystem straight through java.nio (Hadoop's local filesystem adds a
     * checksum file and forks {@code chmod} for new files and directories: milliseconds per segment file), elsewhere
     * through Hadoop.
     */
    private static OutputFile outputFile(FileSystem fs, Path file, Configuration conf) throws IOException {
        if (!(fs instanceof LocalFileSystem localFs)) return HadoopOutputFile.fromPath(file, conf);
        java.nio.file.Path local = localFs.pathToFile(file).toPath();
        Files.createDirectories(local.getParent());
        return new LocalOutputFile(local);
    }

    /** Renames a finished file to its final name, replacing what a failed attempt committed there. */
    private static void moveInPlace(FileSystem fs, Path from, Path to) throws IOException {
        if (fs instanceof LocalFileSystem local) {
            Files.move(local.pathToFile(from).toPath(), local.pathToFile(to).toPath(), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        if (fs.exists(to)) fs.delete(to, false);
        if (!fs.rename(from, to)) throw new IOException("rename " + from + " -> " + to + " failed");
    }

    /** A local file for Parquet's writers (Parquet 1.13 has none of its own). */
    private record LocalOutputFile(java.nio.file.Path path) implements OutputFile {
        @Override public PositionOutputStream create(long blockSizeHint) throws IOException { return open(StandardOpenOption.CREATE_NEW); }

        @Override public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
            return open(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        }

        private PositionOutputStream open(StandardOpenOption... options) throws IOException {
            OutputStream out = new BufferedOutputStream(Files.newOutputStream(path, options), 1 << 16);
            return new PositionOutputStream() {
                private long position;

                @Override public long getPos() { return position; }

                @Override public void write(int b) throws IOException {
                    out.write(b);
                    position++;
                }

                @Override public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    position += len;
                }

                @Override public void flush() throws IOException { out.flush(); }

                @Override public void close() throws IOException { out.close(); }
            };
        }

        @Override public boolean supportsBlockSize() { return false; }

        @Override public long defaultBlockSize() { return 0; }
    }

    private static Path inProgressPath(Path target) {
        return new Path(target.getParent(), "." + target.getName() + IN_PROGRESS + UUID.randomUUID());
    }

    /** The Parquet schema Spark itself writes for {@code schema} (standard 3-level lists, UTF-8 strings). */
    static MessageType parquetSchema(StructType schema) {
        Types.MessageTypeBuilder message = Types.buildMessage();
        for (StructField f : schema.fields()) message.addField(parquetField(f.name(), f.dataType(), f.nullable()));
        return message.named("spark_schema");
    }

    private static Type parquetField(String name, DataType type, boolean nullable) {
        Type.Repetition repetition = nullable ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
        if (type instanceof ArrayType array)
            return Types.buildGroup(repetition).as(LogicalTypeAnnotation.listType())
                    .addField(Types.repeatedGroup().addField(parquetField("element", array.elementType(), array.containsNull()))
                            .named("list"))
                    .named(name);
        if (type.equals(DataTypes.StringType))
            return Types.primitive(PrimitiveTypeName.BINARY, repetition).as(LogicalTypeAnnotation.stringType()).named(name);
        if (type.equals(DataTypes.BinaryType)) return Types.primitive(PrimitiveTypeName.BINARY, repetition).named(name);
        if (type.equals(DataTypes.LongType)) return Types.primitive(PrimitiveTypeName.INT64, repetition).named(name);
        if (type.equals(DataTypes.IntegerType)) return Types.primitive(PrimitiveTypeName.INT32, repetition).named(name);
        if (type.equals(DataTypes.DoubleType)) return Types.primitive(PrimitiveTypeName.DOUBLE, repetition).named(name);
        if (type.equals(DataTypes.FloatType)) return Types.primitive(PrimitiveTypeName.FLOAT, repetition).named(name);
        if (type.equals(DataTypes.BooleanType)) return Types.primitive(PrimitiveTypeName.BOOLEAN, repetition).named(name);
        if (type.equals(DataTypes.TimestampType))
            return Types.primitive(PrimitiveTypeName.INT64, repetition)
                    .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named(name);
        throw new IllegalArgumentException("no Parquet mapping for column " + name + " of type " + type);
    }

    private static final class Builder extends ParquetWriter.Builder<Row, Builder> {
        private final StructType schema;

        Builder(OutputFile file, StructType schema) {
            super(file);
            this.schema = schema;
        }

        @Override protected Builder self() { return this; }

        @Override protected WriteSupport<Row> getWriteSupport(Configuration conf) { return new RowWriteSupport(schema); }
    }

    /** Writes {@link Row}s whose values are the Java types {@link Tables} builds (arrays as {@code float[]}). */
    private static final class RowWriteSupport extends WriteSupport<Row> {
        private final StructType schema;
        private final DataType[] types;
        private final String[] names;
        private RecordConsumer out;

        RowWriteSupport(StructType schema) {
            this.schema = schema;
            this.types = new DataType[schema.size()];
            this.names = schema.fieldNames();
            for (int i = 0; i < types.length; i++) types[i] = schema.fields()[i].dataType();
        }

        @Override public WriteContext init(Configuration conf) {
            Map<String, String> footer = new HashMap<>();
            footer.put(SPARK_SCHEMA_KEY, schema.json());
            return new WriteContext(parquetSchema(schema), footer);
        }

        @Override public void prepareForWrite(RecordConsumer recordConsumer) { out = recordConsumer; }

        @Override public void write(Row row) {
            out.startMessage();
            for (int i = 0; i < types.length; i++) {
                if (row.isNullAt(i)) continue;
                out.startField(names[i], i);
                value(types[i], row.get(i));
                out.endField(names[i], i);
            }
            out.endMessage();
        }

        private void value(DataType type, Object v) {
            if (type instanceof ArrayType) {
                floats((float[]) v);
            } else if (v instanceof String s) {
                out.addBinary(Binary.fromString(s));
            } else if (v instanceof byte[] b) {
                out.addBinary(Binary.fromConstantByteArray(b));
            } else if (v instanceof Long l) {
                out.addLong(l);
            } else if (v instanceof Integer n) {
                out.addInteger(n);
            } else if (v instanceof Double d) {
                out.addDouble(d);
            } else if (v instanceof Float f) {
                out.addFloat(f);
            } else if (v instanceof Boolean b) {
                out.addBoolean(b);
            } else if (v instanceof Timestamp t) {
                out.addLong(Math.floorDiv(t.getTime(), 1000L) * 1_000_000L + t.getNanos() / 1000);
            } else {
                throw new UncheckedIOException(new IOException("unexpected value " + v.getClass() + " for " + type));
            }
        }

        /** A list in the standard 3-level layout: group (LIST) / repeated group list / element. */
        private void floats(float[] values) {
            out.startGroup();
            if (values.length > 0) {
                out.startField("list", 0);
                for (float x : values) {
                    out.startGroup();
                    out.startField("element", 0);
                    out.addFloat(x);
                    out.endField("element", 0);
                    out.endGroup();
                }
                out.endField("list", 0);
            }
            out.endGroup();
        }
    }
}

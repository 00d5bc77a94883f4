package io.sparkrl.training;

import io.sparkrl.rollout.io.AtomicFiles;
import io.sparkrl.storage.BadInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * A learner's state in one binary file: a magic line naming the kind, the content, and a CRC32 over both, so
 * truncation and corruption are detected. Written to a temporary file beside the target and renamed over it, so
 * a crash never leaves a half-written file under the real name. Helpers for the arrays learners store.
 */
public final class CheckpointFile {
    private CheckpointFile() {}

    @FunctionalInterface
    public interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    @FunctionalInterface
    public interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    public static void save(Path file, String magic, Writer writer) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(magicBytes(magic));
            writer.write(out);
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
            out.flush();
            Files.createDirectories(file.toAbsolutePath().getParent());
            AtomicFiles.write(file, bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** The magic of {@code file} (its first line), or null if it has none of the known ones. */
    public static String magicOf(Path file, String... known) {
        byte[] head;
        try (var in = Files.newInputStream(file)) {
            head = in.readNBytes(64);
        } catch (IOException e) {
            throw new BadInputException("cannot read checkpoint " + file + ": " + e);
        }
        for (String magic : known) {
            byte[] m = magicBytes(magic);
            if (head.length >= m.length && Arrays.equals(Arrays.copyOf(head, m.length), m)) return magic;
        }
        return null;
    }

    /**
     * Reads {@code file} written by {@link #save} with the same {@code magic}; any mismatch, truncation, bad checksum
     * or reader failure is a {@link BadInputException} naming the file.
     */
    public static <T> T load(Path file, String magic, Reader<T> reader) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException("cannot read checkpoint " + file + ": " + e, e);
        }
        byte[] m = magicBytes(magic);
        try {
            if (content.length < m.length + 8 || !Arrays.equals(Arrays.copyOf(content, m.length), m))
                throw new IOException("not a " + magic + " checkpoint");
            CRC32 crc = new CRC32();
            crc.update(content, 0, content.length - 8);
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(content));
            in.skipNBytes(content.length - 8);
            if (in.readLong() != crc.getValue()) throw new IOException("checksum mismatch (truncated or corrupt)");
            in = new DataInputStream(new ByteArrayInputStream(content, m.length, content.length - m.length - 8));
            T value = reader.read(in);
            if (in.available() != 0) throw new IOException(in.available() + " unexpected trailing bytes");
            return value;
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException("corrupt checkpoint " + file + ": " + e.getMessage()
                    + "; delete it to resume from an earlier checkpoint", e);
        }
    }

    private static byte[] magicBytes(String magic) { return ("sparkrl-" + magic + "\n").getBytes(StandardCharsets.US_ASCII); }

    public static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    public static String readString(DataInputStream in) throws IOException {
        return new String(in.readNBytes(readLength(in, 1)), StandardCharsets.UTF_8);
    }

    public static void writeInts(DataOutputStream out, int[] values) throws IOException {
        out.writeInt(values.length);
        for (int v : values) out.writeInt(v);
    }

    public static int[] readInts(DataInputStream in) throws IOException {
        int[] values = new int[readLength(in, 4)];
        for (int i = 0; i < values.length; i++) values[i] = in.readInt();
        return values;
    }

    public static void writeLongs(DataOutputStream out, long[] values) throws IOException {
        out.writeInt(values.length);
        for (long v : values) out.writeLong(v);
    }

    public static long[] readLongs(DataInputStream in) throws IOException {
        long[] values = new long[readLength(in, 8)];
        for (int i = 0; i < values.length; i++) values[i] = in.readLong();
        return values;
    }

    /** A length of -1 stands for null. */
    public static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
        out.writeInt(values == null ? -1 : values.length);
        if (values != null) for (double v : values) out.writeDouble(v);
    }

    public static double[] readDoubles(DataInputStream in) throws IOException {
        in.mark(4);
        if (in.readInt() == -1) return null;
        in.reset();
        double[] values = new double[readLength(in, 8)];
        for (int i = 0; i < values.length; i++) values[i] = in.readDouble();
        return values;
    }

    public static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        for (float v : values) out.writeFloat(v);
    }

    public static float[] readFloats(DataInputStream in) throws IOException {
        float[] values = new float[readLength(in, 4)];
        for (int i = 0; i < values.length; i++) values[i] = in.readFloat();
        return values;
    }

    /** A non-negative length whose elements fit in what is left, so a corrupt length cannot allocate gigabytes. */
    private static int readLength(DataInputStream in, int elementBytes) throws IOException {
        int length = in.readInt();
        if (length < 0 || (long) length * elementBytes > in.available()) throw new IOException("bad length " + length);
        return length;
    }
}

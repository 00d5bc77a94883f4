package io.sparkrl.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * One TensorBoard event file, as TensorFlow writes it, so that {@code tensorboard --logdir} reads it beside SB3's and
 * CleanRL's: TFRecord framing (uint64 length, masked CRC32C of the length, the data, masked CRC32C of the data), the
 * first record an {@code Event} with {@code file_version "brain.Event:2"}, then events of scalars
 * ({@code Summary.Value.simple_value}), texts (the text plugin's rank-0 DT_STRING tensor) and session starts. The few
 * protocol-buffer messages are encoded here by hand; field numbers are those of TensorBoard's
 * {@code tensorboard/compat/proto/{event,summary,tensor,types}.proto}.
 *
 * <p>Events are kept in memory until {@link #flush()}, which appends them to the file (opened and closed there, so
 * nothing is left open between flushes). File names follow TensorFlow's,
 * {@code events.out.tfevents.<unix seconds>.<hostname>.sparkrl}; the seconds are made later than those of every
 * events file already in the directory, since readers take a directory's files in name order.
 */
public final class TensorBoardEvents {
    public static final String FILE_VERSION = "brain.Event:2";
    /** SessionLog.SessionStatus.START. */
    static final int SESSION_START = 1;
    /** DataType.DT_STRING. */
    static final int DT_STRING = 7;
    /** DataClass.DATA_CLASS_TENSOR. */
    static final int DATA_CLASS_TENSOR = 2;
    private static final Pattern NAME = Pattern.compile("events\\.out\\.tfevents\\.(\\d+)\\..*");

    private final Path file;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    private TensorBoardEvents(Path file) { this.file = file; }

    /** A new events file in {@code dir} (created if needed), its file_version record already written. */
    public static TensorBoardEvents create(Path dir) throws IOException {
        Files.createDirectories(dir);
        long seconds = System.currentTimeMillis() / 1000;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches() && m.group(1).length() <= 18) seconds = Math.max(seconds, Long.parseLong(m.group(1)) + 1);
            }
        }
        Path file = dir.resolve(String.format("events.out.tfevents.%010d.%s.sparkrl", seconds, hostname()));
        Files.write(file, new byte[0], StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        TensorBoardEvents events = new TensorBoardEvents(file);
        events.event(now(), 0, new Proto().string(3, FILE_VERSION));
        events.flush();
        return events;
    }

    public Path file() { return file; }

    /** A scalar (a float32 in TensorBoard) of {@code tag} at {@code step}, stamped now. */
    public TensorBoardEvents scalar(String tag, long step, double value) { return scalar(tag, step, value, now()); }

    /** A scalar of {@code tag} at {@code step}, stamped {@code wallTime} (seconds since the epoch). */
    public TensorBoardEvents scalar(String tag, long step, double value, double wallTime) {
        return summary(wallTime, step, new Proto().string(1, tag).float32(2, (float) value));
    }

    /** A text (Markdown, shown by TensorBoard's text plugin) of {@code tag} at {@code step}. */
    public TensorBoardEvents text(String tag, long step, String markdown) {
        Proto metadata = new Proto().message(1, new Proto().string(1, "text")).varint(4, DATA_CLASS_TENSOR);
        Proto tensor = new Proto().varint(1, DT_STRING).message(2, new Proto())
                .bytes(8, markdown.getBytes(StandardCharsets.UTF_8));
        return summary(now(), step, new Proto().string(1, tag).message(9, metadata).message(8, tensor));
    }

    /**
     * A session start at {@code step}. TensorBoard's Python loaders read every start after the first as a restart
     * from a checkpoint: they drop what they hold at steps {@code >= step} (events an earlier process wrote past the
     * checkpoint it is resumed from).
     */
    public TensorBoardEvents sessionStart(long step) {
        return event(now(), step, new Proto().message(7, new Proto().varint(1, SESSION_START)));
    }

    /** Appends the events written since the last flush to the file. */
    public void flush() throws IOException {
        if (pending.size() == 0) return;
        Files.write(file, pending.toByteArray(), StandardOpenOption.APPEND);
        pending.reset();
    }

    private TensorBoardEvents summary(double wallTime, long step, Proto value) {
        return event(wallTime, step, new Proto().message(5, new Proto().message(1, value)));
    }

    /** An Event: wall_time (1), step (2), then {@code what} (one field of its oneof). */
    private TensorBoardEvents event(double wallTime, long step, Proto what) {
        byte[] data = new Proto().float64(1, wallTime).varint(2, step).append(what).toByteArray();
        ByteBuffer record = ByteBuffer.allocate(data.length + 16).order(ByteOrder.LITTLE_ENDIAN);
        record.putLong(data.length).putInt(maskedCrc(record.array(), 0, 8)).put(data).putInt(maskedCrc(data, 0, data.length));
        pending.writeBytes(record.array());
        return this;
    }

    /** The CRC32C of the bytes, masked as TFRecord does. */
    static int maskedCrc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + 0xa282ead8;
    }

    /** The records of a TFRecord file, each checked against its two CRCs; a truncated last record is left out. */
    public static List<byte[]> readRecords(Path file) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> records = new ArrayList<>();
        while (in.remaining() >= 12) {
            int at = in.position();
            long length = in.getLong();
            if (in.getInt() != maskedCrc(in.array(), at, 8)) throw new IOException(file + ": bad length CRC at byte " + at);
            if (length > in.remaining() - 4) break;
            byte[] data = new byte[(int) length];
            in.get(data);
            if (in.getInt() != maskedCrc(data, 0, data.length)) throw new IOException(file + ": bad data CRC at byte " + at);
            records.add(data);
        }
        return records;
    }

    private static double now() { return System.currentTimeMillis() / 1000.0; }

    private static String hostname() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            name = System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** A protocol-buffer message being encoded: fields appended in the order written. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            key(field, 0);
            return rawVarint(value);
        }

        Proto float64(int field, double value) {
            key(field, 1);
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(value).array());
            return this;
        }

        Proto float32(int field, float value) {
            key(field, 5);
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value).array());
            return this;
        }

        Proto bytes(int field, byte[] value) {
            key(field, 2);
            rawVarint(value.length);
            out.writeBytes(value);
            return this;
        }

        Proto string(int field, String value) { return bytes(field, value.getBytes(StandardCharsets.UTF_8)); }

        Proto message(int field, Proto value) { return bytes(field, value.toByteArray()); }

        Proto append(Proto fields) {
            out.writeBytes(fields.toByteArray());
            return this;
        }

        byte[] toByteArray() { return out.toByteArray(); }

        private void key(int field, int wireType) { rawVarint((long) field << 3 | wireType); }

        private Proto rawVarint(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) (value & 0x7F) | 0x80);
                value >>>= 7;
            }
            out.write((int) value);
            return this;
        }
    }
}

package io.sparkrl.storage.replay;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import io.sparkrl.rollout.io.AtomicFiles;
import io.sparkrl.storage.BadInputException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The file a {@link ReplayBuffer} saves to: a magic line and a version, then blocks, each three ints (raw length,
 * compressed length, CRC32 of the raw bytes) and the zstd-compressed bytes. The blocks: the config; the streams'
 * positions, the sampleable count and the highest priority; one per entry chunk (empty while unallocated); with
 * prioritised replay the priority leaves, {@value #LEAVES_PER_BLOCK} per block (inner tree nodes are recomputed).
 * Written and read one block at a time, so a buffer of gigabytes is never copied whole in memory.
 */
final class ReplayFile {
    private static final byte[] MAGIC = "sparkrl-replay\n".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int MAX_CONFIG_BYTES = 1024;
    private static final int LEAVES_PER_BLOCK = 1 << 20;
    /** zstd's fastest level: frames compress well at any level, and a checkpoint should not stall training. */
    private static final int ZSTD_LEVEL = 1;

    private ReplayFile() {}

    static void save(ReplayBuffer buffer, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            AtomicFiles.write(file, raw -> write(buffer, raw));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write replay buffer " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(ReplayBuffer buffer, OutputStream raw) throws IOException {
        DataOutputStream data = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
        data.write(MAGIC);
        data.writeInt(VERSION);
        BlockWriter out = new BlockWriter(data);
        out.block(configBytes(buffer.config()));
        out.block(streamState(buffer));
        RecordChunks records = buffer.records;
        for (int c = 0; c < records.numChunks(); c++) {
            byte[] chunk = records.chunk(c);
            out.block(chunk == null ? new byte[0] : chunk);
        }
        PriorityTrees trees = buffer.priorities;
        if (trees != null) {
            ByteBuffer leaves = ByteBuffer.allocate(Double.BYTES * Math.min(trees.leaves, LEAVES_PER_BLOCK)).order(ByteOrder.LITTLE_ENDIAN);
            for (int from = 0; from < trees.leaves; from += LEAVES_PER_BLOCK) {
                int count = Math.min(LEAVES_PER_BLOCK, trees.leaves - from);
                trees.saveLeaves(from, leaves.clear().limit(Double.BYTES * count).asDoubleBuffer());
                out.block(leaves.array(), Double.BYTES * count);
            }
        }
        data.flush();
    }

    static ReplayBuffer load(Path file) {
        try (InputStream raw = Files.newInputStream(file)) {
            DataInputStream data = new DataInputStream(new BufferedInputStream(raw, 1 << 16));
            if (!Arrays.equals(data.readNBytes(MAGIC.length), MAGIC)) throw new IOException("not a sparkrl replay buffer");
            int version = data.readInt();
            if (version != VERSION) throw new IOException("unsupported version " + version);
            BlockReader in = new BlockReader(data, Files.size(file) - MAGIC.length - Integer.BYTES);
            ReplayBuffer buffer = new ReplayBuffer(readConfig(in.next(MAX_CONFIG_BYTES)));
            readStreamState(buffer, in.next(Long.BYTES * buffer.written.length + 2 * Long.BYTES));
            RecordChunks records = buffer.records;
            for (int c = 0; c < records.numChunks(); c++) {
                byte[] chunk = in.next(records.chunkLength(c));
                if (chunk.length > 0) records.setChunk(c, chunk);
            }
            PriorityTrees trees = buffer.priorities;
            if (trees != null) {
                for (int from = 0; from < trees.leaves; from += LEAVES_PER_BLOCK) {
                    int count = Math.min(LEAVES_PER_BLOCK, trees.leaves - from);
                    byte[] leaves = in.next(Double.BYTES * count);
                    if (leaves.length != Double.BYTES * count) throw new IOException("short priority block");
                    trees.loadLeaves(from, ByteBuffer.wrap(leaves).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer());
                }
                trees.rebuild();
            }
            if (data.read() != -1) throw new IOException("unexpected bytes after the end");
            buffer.restored();
            return buffer;
        } catch (NoSuchFileException e) {
            throw new BadInputException("replay buffer " + file + " does not exist: restore it, or resume from an earlier checkpoint");
        } catch (EOFException e) {
            throw unreadable(file, "truncated", e);
        } catch (IOException | IllegalArgumentException e) {
            throw unreadable(file, e.getMessage(), e);
        }
    }

    private static BadInputException unreadable(Path file, String problem, Exception cause) {
        return new BadInputException("unreadable replay buffer " + file + " (" + problem
                + "): delete it to resume from an earlier checkpoint", cause);
    }

    private static byte[] configBytes(ReplayBuffer.Config c) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        if (c.layout() instanceof VectorLayout v) {
            out.writeByte(0);
            out.writeInt(v.obsSize());
        } else {
            FrameStackLayout f = (FrameStackLayout) c.layout();
            boolean bytesAsIs = f.maxValue() == FrameStackLayout.BYTE_MAX;
            out.writeByte(bytesAsIs ? 1 : 2); // 1: the format before maxValue existed
            out.writeInt(f.stack());
            out.writeInt(f.height());
            out.writeInt(f.width());
            if (!bytesAsIs) out.writeFloat(f.maxValue());
        }
        out.writeLong(c.capacity());
        out.writeInt(c.numStreams());
        out.writeBoolean(c.discreteActions());
        out.writeInt(c.actionWidth());
        out.writeInt(c.nSteps());
        out.writeDouble(c.gamma());
        out.writeBoolean(c.prioritized());
        out.writeDouble(c.alpha());
        out.writeDouble(c.priorityEps());
        return bytes.toByteArray();
    }

    private static ReplayBuffer.Config readConfig(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        int kind = in.readByte();
        Layout layout = switch (kind) {
            case 0 -> new VectorLayout(in.readInt());
            case 1 -> new FrameStackLayout(in.readInt(), in.readInt(), in.readInt());
            case 2 -> new FrameStackLayout(in.readInt(), in.readInt(), in.readInt(), in.readFloat());
            default -> throw new IOException("unknown layout " + kind);
        };
        ReplayBuffer.Config config = new ReplayBuffer.Config(layout, in.readLong(), in.readInt(), in.readBoolean(),
                in.readInt(), in.readInt(), in.readDouble(), in.readBoolean(), in.readDouble(), in.readDouble());
        if (in.available() != 0) throw new IOException("config block too long");
        return config;
    }

    private static byte[] streamState(ReplayBuffer buffer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (long w : buffer.written) out.writeLong(w);
        out.writeLong(buffer.sampleableCount);
        out.writeDouble(buffer.maxPriority);
        return bytes.toByteArray();
    }

    private static void readStreamState(ReplayBuffer buffer, byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        for (int s = 0; s < buffer.written.length; s++) {
            buffer.written[s] = in.readLong();
            if (buffer.written[s] < 0) throw new IOException("negative stream position");
        }
        buffer.sampleableCount = in.readLong();
        buffer.maxPriority = in.readDouble();
        if (buffer.sampleableCount < 0 || buffer.sampleableCount > buffer.config().entries() || !(buffer.maxPriority > 0))
            throw new IOException("inconsistent sampling state");
    }

    /** Compresses and checksums one block at a time, reusing its output buffer. */
    private static final class BlockWriter {
        private final DataOutputStream out;
        private final CRC32 crc = new CRC32();
        private byte[] packed = new byte[0];

        BlockWriter(DataOutputStream out) { this.out = out; }

        void block(byte[] raw) throws IOException { block(raw, raw.length); }

        void block(byte[] raw, int length) throws IOException {
            crc.reset();
            crc.update(raw, 0, length);
            int packedLength = 0;
            if (length > 0) {
                int bound = Math.toIntExact(Zstd.compressBound(length));
                if (packed.length < bound) packed = new byte[bound];
                long n = Zstd.compressByteArray(packed, 0, packed.length, raw, 0, length, ZSTD_LEVEL);
                if (Zstd.isError(n)) throw new IOException("zstd: " + Zstd.getErrorName(n));
                packedLength = (int) n;
            }
            out.writeInt(length);
            out.writeInt(packedLength);
            out.writeInt((int) crc.getValue());
            out.write(packed, 0, packedLength);
        }
    }

    /**
     * Reads blocks back, checking every length against what the caller expects and what is left of the file
     * before allocating, so a corrupt length cannot allocate gigabytes.
     */
    private static final class BlockReader {
        private final DataInputStream in;
        private final CRC32 crc = new CRC32();
        private long remaining;
        private byte[] packed = new byte[0];

        BlockReader(DataInputStream in, long remaining) {
            this.in = in;
            this.remaining = remaining;
        }

        /** The next block's bytes: at most {@code maxLength}, or none for an empty block. */
        byte[] next(int maxLength) throws IOException {
            int length = in.readInt(), packedLength = in.readInt(), checksum = in.readInt();
            remaining -= 3 * Integer.BYTES;
            if (packedLength > remaining) throw new EOFException();
            if (length < 0 || length > maxLength || packedLength < 0 || (length == 0) != (packedLength == 0)
                    || packedLength > Zstd.compressBound(length))
                throw new IOException("bad block header");
            if (packed.length < packedLength) packed = new byte[packedLength];
            in.readFully(packed, 0, packedLength);
            remaining -= packedLength;
            byte[] raw = new byte[length];
            if (length > 0) {
                try {
                    long n = Zstd.decompressByteArray(raw, 0, length, packed, 0, packedLength);
                    if (Zstd.isError(n) || n != length) throw new IOException("undecodable block");
                } catch (ZstdException e) {
                    throw new IOException("undecodable block: " + e.getMessage(), e);
                }
            }
            crc.reset();
            crc.update(raw);
            if ((int) crc.getValue() != checksum) throw new IOException("checksum mismatch");
            return raw;
        }
    }
}

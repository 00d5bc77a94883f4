package io.sparkrl.storage.replay;

/**
 * Fixed-size records in byte-array chunks, each allocated when a record in it is first written: no single array
 * nears 2^31 bytes, and a buffer larger than the free heap fails only when it actually fills. Record {@code r}
 * lives in chunk {@code r / perChunk} at byte {@code (r % perChunk) * recordBytes}.
 *
 * <p>A chunk takes at most 16 MiB with its array header: G1 puts an array of half a region or more into whole
 * regions of their own, and regions are powers of two from 1 to 32 MB, so such a chunk fills its regions (up to
 * 16 MB ones) and with 32 MB regions is an ordinary object. Chunks of, say, 2,048 Atari frames (14.5 MB) would
 * leave up to 10% of their regions unused.
 */
final class RecordChunks {
    private static final int MAX_CHUNK_BYTES = 16 << 20;

    final long records;
    final int recordBytes;
    private final int perChunk;
    private final byte[][] chunks;

    RecordChunks(long records, int recordBytes) {
        this.records = records;
        this.recordBytes = recordBytes;
        this.perChunk = perChunk(recordBytes);
        this.chunks = new byte[numChunks(records, perChunk)][];
    }

    /** Records per chunk: as many as fit with the array header, at least one. */
    private static int perChunk(int recordBytes) {
        return Math.max(1, (MAX_CHUNK_BYTES - (int) HeapSizes.array(0, 1)) / recordBytes);
    }

    private static int numChunks(long records, int perChunk) {
        return Math.toIntExact((records + perChunk - 1) / perChunk);
    }

    int numChunks() { return chunks.length; }

    /** Bytes of chunk {@code c} once allocated (the last one holds only the records left). */
    int chunkLength(int c) {
        long first = (long) c * perChunk;
        return Math.toIntExact((Math.min(records, first + perChunk) - first) * recordBytes);
    }

    /** Chunk {@code c}, or null while none of its records was written. */
    byte[] chunk(int c) { return chunks[c]; }

    /** Installs a chunk read back from a file. */
    void setChunk(int c, byte[] bytes) {
        if (bytes.length != chunkLength(c))
            throw new IllegalArgumentException("chunk " + c + " has " + bytes.length + " bytes, expected " + chunkLength(c));
        chunks[c] = bytes;
    }

    /** The chunk holding record {@code r}, which must have been written. */
    byte[] read(long r) { return chunks[(int) (r / perChunk)]; }

    /** The chunk holding record {@code r}, allocated if needed. */
    byte[] write(long r) {
        int c = (int) (r / perChunk);
        if (chunks[c] == null) chunks[c] = new byte[chunkLength(c)];
        return chunks[c];
    }

    /** Where record {@code r} starts in its chunk. */
    int offset(long r) { return (int) (r % perChunk) * recordBytes; }

    /** Heap bytes of the chunks allocated so far and the chunk table. */
    long bytesUsed() {
        long bytes = HeapSizes.array(chunks.length, HeapSizes.REFERENCE);
        for (byte[] chunk : chunks) if (chunk != null) bytes += HeapSizes.array(chunk.length, 1);
        return bytes;
    }

    /** Heap bytes of {@code records} records of {@code recordBytes} once all are written. */
    static long bytesWhenFull(long records, int recordBytes) {
        int perChunk = perChunk(recordBytes), chunks = numChunks(records, perChunk);
        long lastRecords = records - (long) (chunks - 1) * perChunk;
        return HeapSizes.array(chunks, HeapSizes.REFERENCE)
                + (chunks - 1) * HeapSizes.array((long) perChunk * recordBytes, 1) + HeapSizes.array(lastRecords * recordBytes, 1);
    }
}

package io.sparkrl.storage.replay;

/**
 * Fixed-size records in byte-array chunks of at most about {@value #TARGET_CHUNK_BYTES} bytes, each allocated when
 * a record in it is first written: no single array nears 2^31 bytes, and a buffer larger than the free heap fails
 * only when it actually fills. Record {@code r} lives in chunk {@code r >> shift} at byte
 * {@code (r & mask) * recordBytes}.
 */
final class RecordChunks {
    static final int TARGET_CHUNK_BYTES = 16 << 20;

    final long records;
    final int recordBytes;
    private final int shift;
    private final byte[][] chunks;

    RecordChunks(long records, int recordBytes) {
        this.records = records;
        this.recordBytes = recordBytes;
        this.shift = shift(recordBytes);
        this.chunks = new byte[numChunks(records, shift)][];
    }

    /** log2 of the records per chunk: the largest power of two that fits the target size (at least one). */
    private static int shift(int recordBytes) {
        return Integer.numberOfTrailingZeros(Integer.highestOneBit(Math.max(1, TARGET_CHUNK_BYTES / recordBytes)));
    }

    private static int numChunks(long records, int shift) {
        return Math.toIntExact((records + (1L << shift) - 1) >> shift);
    }

    int numChunks() { return chunks.length; }

    /** Bytes of chunk {@code c} once allocated (the last one holds only the records left). */
    int chunkLength(int c) {
        long first = (long) c << shift;
        return Math.toIntExact((Math.min(records, first + (1L << shift)) - first) * recordBytes);
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
    byte[] read(long r) { return chunks[(int) (r >> shift)]; }

    /** The chunk holding record {@code r}, allocated if needed. */
    byte[] write(long r) {
        int c = (int) (r >> shift);
        if (chunks[c] == null) chunks[c] = new byte[chunkLength(c)];
        return chunks[c];
    }

    /** Where record {@code r} starts in its chunk. */
    int offset(long r) { return (int) (r & ((1L << shift) - 1)) * recordBytes; }

    /** Heap bytes of the chunks allocated so far and the chunk table. */
    long bytesUsed() {
        long bytes = HeapSizes.array(chunks.length, HeapSizes.REFERENCE);
        for (byte[] chunk : chunks) if (chunk != null) bytes += HeapSizes.array(chunk.length, 1);
        return bytes;
    }

    /** Heap bytes of {@code records} records of {@code recordBytes} once all are written. */
    static long bytesWhenFull(long records, int recordBytes) {
        int shift = shift(recordBytes), chunks = numChunks(records, shift);
        long perChunk = 1L << shift, lastRecords = records - (chunks - 1) * perChunk;
        return HeapSizes.array(chunks, HeapSizes.REFERENCE)
                + (chunks - 1) * HeapSizes.array(perChunk * recordBytes, 1) + HeapSizes.array(lastRecords * recordBytes, 1);
    }
}

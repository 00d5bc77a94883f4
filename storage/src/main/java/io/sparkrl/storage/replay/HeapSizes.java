package io.sparkrl.storage.replay;

/**
 * Heap footprint of arrays on a 64-bit HotSpot JVM with compressed references (heaps under 32 GB): a 16-byte
 * header, then the elements, rounded up to 8 bytes.
 */
final class HeapSizes {
    static final int REFERENCE = 4;

    private HeapSizes() {}

    static long array(long length, int elementBytes) { return (16 + length * elementBytes + 7) & ~7L; }
}

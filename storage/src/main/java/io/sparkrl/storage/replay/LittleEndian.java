package io.sparkrl.storage.replay;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Ints and floats inside byte arrays, little-endian, at any offset (the JIT turns these into plain loads). */
final class LittleEndian {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

    private LittleEndian() {}

    static int getInt(byte[] bytes, int offset) { return (int) INT.get(bytes, offset); }

    static void putInt(byte[] bytes, int offset, int value) { INT.set(bytes, offset, value); }

    static float getFloat(byte[] bytes, int offset) { return (float) FLOAT.get(bytes, offset); }

    static void putFloat(byte[] bytes, int offset, float value) { FLOAT.set(bytes, offset, value); }
}

package io.sparkrl.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event file writer without TensorBoard: its records decoded here (CRCs, framing, protocol-buffer fields). */
class TensorBoardEventsTest {
    @TempDir Path tmp;

    /** A decoded protocol-buffer message: each field number's values (Long for varints and fixed, byte[] otherwise). */
    private static Map<Integer, List<Object>> decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        Map<Integer, List<Object>> fields = new LinkedHashMap<>();
        while (in.hasRemaining()) {
            long key = varint(in);
            Object value = switch ((int) (key & 7)) {
                case 0 -> varint(in);
                case 1 -> in.getLong();
                case 5 -> (long) in.getInt();
                case 2 -> {
                    byte[] b = new byte[(int) varint(in)];
                    in.get(b);
                    yield b;
                }
                default -> throw new AssertionError("wire type " + (key & 7));
            };
            fields.computeIfAbsent((int) (key >>> 3), k -> new ArrayList<>()).add(value);
        }
        return fields;
    }

    private static long varint(ByteBuffer in) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.get();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) return v;
        }
    }

    private static Map<Integer, List<Object>> sub(Map<Integer, List<Object>> m, int field) {
        return decode((byte[]) m.get(field).get(0));
    }

    private static long num(Map<Integer, List<Object>> m, int field) { return (Long) m.get(field).get(0); }

    private static String str(Map<Integer, List<Object>> m, int field) {
        return new String((byte[]) m.get(field).get(0), StandardCharsets.UTF_8);
    }

    @Test void recordsRoundTripWithTheirFields() throws Exception {
        double before = System.currentTimeMillis() / 1000.0;
        TensorBoardEvents events = TensorBoardEvents.create(tmp.resolve("tb"));
        events.scalar("train/loss", 300, 0.125).scalar("rollout/ep_rew_mean", 1L << 40, -7.5, 1234.5)
                .text("config", 0, "```json\n{\"é\": 1}\n```").sessionStart(77);
        Path file = events.file();
        assertTrue(file.getFileName().toString().matches("events\\.out\\.tfevents\\.\\d{10}\\..+\\.sparkrl"), file.toString());
        assertEquals(1, TensorBoardEvents.readRecords(file).size(), "only file_version before the flush");
        events.flush();
        List<byte[]> records = TensorBoardEvents.readRecords(file);
        assertEquals(5, records.size());

        Map<Integer, List<Object>> version = decode(records.get(0));
        assertEquals(TensorBoardEvents.FILE_VERSION, str(version, 3));
        assertTrue(Double.longBitsToDouble(num(version, 1)) >= Math.floor(before));

        Map<Integer, List<Object>> scalar = decode(records.get(1));
        assertEquals(300, num(scalar, 2));
        Map<Integer, List<Object>> value = sub(sub(scalar, 5), 1);
        assertEquals("train/loss", str(value, 1));
        assertEquals(0.125f, Float.intBitsToFloat((int) num(value, 2)));

        Map<Integer, List<Object>> stamped = decode(records.get(2));
        assertEquals(1234.5, Double.longBitsToDouble(num(stamped, 1)));
        assertEquals(1L << 40, num(stamped, 2));
        assertEquals(-7.5f, Float.intBitsToFloat((int) num(sub(sub(stamped, 5), 1), 2)));

        Map<Integer, List<Object>> text = sub(sub(decode(records.get(3)), 5), 1);
        assertEquals("config", str(text, 1));
        Map<Integer, List<Object>> metadata = sub(text, 9);
        assertEquals("text", str(sub(metadata, 1), 1));
        assertEquals(TensorBoardEvents.DATA_CLASS_TENSOR, num(metadata, 4));
        Map<Integer, List<Object>> tensor = sub(text, 8);
        assertEquals(TensorBoardEvents.DT_STRING, num(tensor, 1));
        assertEquals(0, ((byte[]) tensor.get(2).get(0)).length, "rank 0: an empty shape");
        assertEquals("```json\n{\"é\": 1}\n```", str(tensor, 8));

        Map<Integer, List<Object>> start = decode(records.get(4));
        assertEquals(77, num(start, 2));
        assertEquals(TensorBoardEvents.SESSION_START, num(sub(start, 7), 1));
    }

    /** TFRecord's masked CRC32C, from CRC-32C's standard check value. */
    @Test void crcsAreMaskedCrc32c() {
        // CRC32C("123456789") = 0xE3069283 (the standard check value); masked: rotate right by 15, add 0xa282ead8.
        int crc = 0xE3069283, masked = ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
        assertEquals(masked, TensorBoardEvents.maskedCrc("123456789".getBytes(StandardCharsets.US_ASCII), 0, 9));
    }

    @Test void aCorruptRecordIsRefusedAndATruncatedOneLeftOut() throws Exception {
        TensorBoardEvents events = TensorBoardEvents.create(tmp);
        events.scalar("a", 1, 1).scalar("a", 2, 2).flush();
        Path file = events.file();
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length - 3));
        assertEquals(2, TensorBoardEvents.readRecords(file).size());
        whole[whole.length - 10] ^= 1; // inside the last record's data
        Files.write(file, whole);
        assertThrows(java.io.IOException.class, () -> TensorBoardEvents.readRecords(file));
    }

    @Test void aNewFileSortsAfterTheFilesAlreadyThere() throws Exception {
        Path first = TensorBoardEvents.create(tmp).file(), second = TensorBoardEvents.create(tmp).file();
        Path later = tmp.resolve("events.out.tfevents.9999999990.other.sparkrl");
        Files.write(later, new byte[0]);
        Path third = TensorBoardEvents.create(tmp).file();
        assertTrue(first.getFileName().toString().compareTo(second.getFileName().toString()) < 0, first + " " + second);
        assertTrue(third.getFileName().toString().startsWith("events.out.tfevents.9999999991."), third.toString());
    }
}

package io.sparkrl.rollout.env.atari;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * INTER_AREA against hand-computed values and against {@code cv2.resize} (opencv-python-headless 5.0.0.93, run once to make
 * the expected bytes below: md5 of the whole 84x84 output plus sample rows).
 */
class AreaResizeTest {

    private static byte[] resize(int sh, int sw, int h, int w, float[] src) {
        byte[] out = new byte[h * w];
        new AreaResize(sh, sw, h, w, true).resize(src, out, 0);
        return out;
    }

    private static int[] unsigned(byte[] b) {
        int[] u = new int[b.length];
        for (int i = 0; i < b.length; i++) u[i] = b[i] & 0xFF;
        return u;
    }

    @Test void handComputedFiveByFiveToTwoByTwo() {
        // Ratio 2.5: output pixel 0 weighs source rows/columns 0,1,2 by 0.4, 0.4, 0.2; pixel 1 weighs 2,3,4 by 0.2, 0.4, 0.4.
        // Source 5r + c + 1: rows average to 1.8 + 5r (left) and 4.2 + 5r (right), so the outputs are
        // 0.4*1.8 + 0.4*6.8 + 0.2*11.8 = 5.8 -> 6, 8.2 -> 8, 0.2*11.8 + 0.4*16.8 + 0.4*21.8 = 17.8 -> 18, 20.2 -> 20.
        float[] src = new float[25];
        for (int i = 0; i < 25; i++) src[i] = i + 1;
        assertArrayEquals(new int[] {6, 8, 18, 20}, unsigned(resize(5, 5, 2, 2, src)));
        // One bright column 1: 0.4 * 5 = 2 on the left, nothing on the right.
        float[] column = new float[25];
        for (int r = 0; r < 5; r++) column[r * 5 + 1] = 5;
        assertArrayEquals(new int[] {2, 0, 2, 0}, unsigned(resize(5, 5, 2, 2, column)));
    }

    @Test void integerRatioRoundsLikeOpenCv() {
        // 2x2 blocks on uint8 round (a+b+c+d+2)>>2: a block summing to 2 gives 1 (half to even would give 0).
        float[] src = {1, 2, 0, 0, 0, 0, 1, 1, 3, 3, 2, 3, 0, 0, 0, 1};
        assertArrayEquals(new int[] {1, 1, 2, 2}, unsigned(resize(4, 4, 2, 2, src)));
        float[] ramp = new float[16];
        for (int i = 0; i < 16; i++) ramp[i] = 10 * i;
        assertArrayEquals(new int[] {25, 45, 105, 125}, unsigned(resize(4, 4, 2, 2, ramp)));
    }

    @Test void matchesCv2OnAtariSizedImages() throws Exception {
        // cv2.resize(img, (84, 84), interpolation=cv2.INTER_AREA) of img = (7x + 13y + (x*y) % 11) % 256 on 210x160.
        // An exact (double) area average rounds 28 of these pixels differently: the float32 order matters.
        float[] pattern = new float[210 * 160], ties = new float[210 * 160];
        for (int y = 0; y < 210; y++)
            for (int x = 0; x < 160; x++) {
                pattern[y * 160 + x] = (x * 7 + y * 13 + (x * y) % 11) % 256;
                ties[y * 160 + x] = (x + 3 * y) % 4 * 2 + 100;
            }
        byte[] out = resize(210, 160, 84, 84, pattern);
        int[] u = unsigned(out);
        assertArrayEquals(new int[] {14, 29, 44, 57, 71, 85, 94, 109}, Arrays.copyOfRange(u, 0, 8));
        assertArrayEquals(new int[] {89, 106, 118, 132, 145, 157, 169, 186}, Arrays.copyOfRange(u, 41 * 84 + 40, 41 * 84 + 48));
        assertArrayEquals(new int[] {144, 156, 169, 182, 193, 209, 223, 235}, Arrays.copyOfRange(u, 83 * 84 + 76, 83 * 84 + 84));
        assertEquals("3d0da1389e696a82e73434ce17002f42", md5(out));
        byte[] tieOut = resize(210, 160, 84, 84, ties);
        assertArrayEquals(new int[] {103, 103, 103, 103, 102, 104, 102, 104}, Arrays.copyOfRange(unsigned(tieOut), 41 * 84 + 40, 41 * 84 + 48));
        assertEquals("4c1e20b30446119477ac1065886cec03", md5(tieOut));
    }

    @Test void refusesToUpscale() {
        assertThrows(BadAtariInputException.class, () -> new AreaResize(210, 160, 84, 200, true));
        assertThrows(BadAtariInputException.class, () -> new AreaResize(210, 160, 0, 84, true));
    }

    private static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }
}

package io.sparkrl.rollout.env.atari;

import java.util.Arrays;

/**
 * OpenCV's {@code cv2.resize(..., interpolation=INTER_AREA)} for downscaling one channel, ported in OpenCV's own
 * arithmetic so the bytes match {@code cv2} exactly (what SB3's {@code WarpFrame} and Gymnasium's
 * {@code AtariPreprocessing} compute). For non-integer ratios (210x160 to 84x84: 2.5 and 1.905) that is OpenCV's
 * general area path ({@code computeResizeAreaTab} + {@code ResizeArea_Invoker}): per-axis weights computed in
 * double and stored as float, each source row summed in float32 with its horizontal weights, rows accumulated in
 * float32 with the vertical weights, rounded half to even. Integer ratios take OpenCV's fast path (block sums; 2x2
 * on uint8 rounds {@code (a+b+c+d+2)>>2}). Upscaling is not supported. Not thread-safe (it keeps row buffers).
 */
final class AreaResize implements java.io.Serializable {
    private final int srcHeight, srcWidth, height, width;
    private final boolean integerInput;
    /** General path: (destination, source, weight) per axis, in OpenCV's order. */
    private int[] xDst, xSrc, yDst, ySrc;
    private float[] xAlpha, yAlpha;
    private float[][] rowSums;
    private float[] sum;
    /** Fast path: integer block size, or 0. */
    private final int blockX, blockY;

    /** @param integerInput whether the values resized are uint8 (OpenCV's 8U fast path rounds differently). */
    AreaResize(int srcHeight, int srcWidth, int height, int width, boolean integerInput) {
        if (height < 1 || width < 1 || height > srcHeight || width > srcWidth)
            throw new BadAtariInputException("cannot resize " + srcHeight + "x" + srcWidth + " to " + height + "x" + width
                    + ": the size must be between 1x1 and the screen's " + srcHeight + "x" + srcWidth);
        this.srcHeight = srcHeight;
        this.srcWidth = srcWidth;
        this.height = height;
        this.width = width;
        this.integerInput = integerInput;
        double scaleX = 1. / ((double) width / srcWidth), scaleY = 1. / ((double) height / srcHeight);
        long ix = Math.round(scaleX), iy = Math.round(scaleY);
        boolean fast = Math.abs(scaleX - ix) < Math.ulp(1.0) && Math.abs(scaleY - iy) < Math.ulp(1.0);
        blockX = fast ? (int) ix : 0;
        blockY = fast ? (int) iy : 0;
        if (!fast) {
            Tab x = tab(srcWidth, width, scaleX), y = tab(srcHeight, height, scaleY);
            xDst = x.dst; xSrc = x.src; xAlpha = x.alpha;
            yDst = y.dst; ySrc = y.src; yAlpha = y.alpha;
            rowSums = new float[srcHeight][width];
            sum = new float[width];
        }
    }

    int height() { return height; }

    int width() { return width; }

    private record Tab(int[] dst, int[] src, float[] alpha) {}

    /** OpenCV's {@code computeResizeAreaTab} for one channel. */
    private static Tab tab(int ssize, int dsize, double scale) {
        int[] dst = new int[ssize * 2], src = new int[ssize * 2];
        float[] alpha = new float[ssize * 2];
        int k = 0;
        for (int dx = 0; dx < dsize; dx++) {
            double fsx1 = dx * scale, fsx2 = fsx1 + scale;
            double cellWidth = Math.min(scale, ssize - fsx1);
            int sx1 = (int) Math.ceil(fsx1), sx2 = (int) Math.floor(fsx2);
            sx2 = Math.min(sx2, ssize - 1);
            sx1 = Math.min(sx1, sx2);
            if (sx1 - fsx1 > 1e-3) {
                dst[k] = dx; src[k] = sx1 - 1; alpha[k++] = (float) ((sx1 - fsx1) / cellWidth);
            }
            for (int sx = sx1; sx < sx2; sx++) {
                dst[k] = dx; src[k] = sx; alpha[k++] = (float) (1.0 / cellWidth);
            }
            if (fsx2 - sx2 > 1e-3) {
                dst[k] = dx; src[k] = sx2; alpha[k++] = (float) (Math.min(Math.min(fsx2 - sx2, 1.), cellWidth) / cellWidth);
            }
        }
        return new Tab(Arrays.copyOf(dst, k), Arrays.copyOf(src, k), Arrays.copyOf(alpha, k));
    }

    /** Resizes {@code src} ({@code srcHeight x srcWidth}, row-major) into {@code dst} at {@code dstOffset}, as uint8. */
    void resize(float[] src, byte[] dst, int dstOffset) {
        if (blockX > 0) {
            resizeBlocks(src, dst, dstOffset);
            return;
        }
        for (int sy = 0; sy < srcHeight; sy++) {
            float[] buf = rowSums[sy];
            Arrays.fill(buf, 0f);
            int row = sy * srcWidth;
            for (int k = 0; k < xDst.length; k++) buf[xDst[k]] += src[row + xSrc[k]] * xAlpha[k];
        }
        int prevDy = yDst[0];
        Arrays.fill(sum, 0f);
        for (int j = 0; j < yDst.length; j++) {
            float beta = yAlpha[j];
            float[] buf = rowSums[ySrc[j]];
            if (yDst[j] != prevDy) {
                store(sum, dst, dstOffset + prevDy * width);
                for (int dx = 0; dx < width; dx++) sum[dx] = beta * buf[dx];
                prevDy = yDst[j];
            } else {
                for (int dx = 0; dx < width; dx++) sum[dx] += beta * buf[dx];
            }
        }
        store(sum, dst, dstOffset + prevDy * width);
    }

    private void store(float[] values, byte[] dst, int offset) {
        for (int dx = 0; dx < width; dx++) dst[offset + dx] = saturate(values[dx]);
    }

    /** OpenCV's {@code saturate_cast<uchar>(float)}: round half to even, clamp to 0..255. */
    static byte saturate(float v) {
        int r = (int) Math.rint(v);
        return (byte) Math.max(0, Math.min(255, r));
    }

    /** OpenCV's {@code ResizeAreaFast_Invoker}: block sums in (row, column) order, four at a time, times 1/area. */
    private void resizeBlocks(float[] src, byte[] dst, int dstOffset) {
        int area = blockX * blockY;
        float scale = 1f / area;
        int[] ofs = new int[area];
        for (int sy = 0, k = 0; sy < blockY; sy++)
            for (int sx = 0; sx < blockX; sx++) ofs[k++] = sy * srcWidth + sx;
        boolean twoByTwo = integerInput && blockX == 2 && blockY == 2;
        for (int dy = 0; dy < height; dy++) {
            for (int dx = 0; dx < width; dx++) {
                int base = dy * blockY * srcWidth + dx * blockX;
                if (twoByTwo) {
                    int s = (int) src[base] + (int) src[base + 1] + (int) src[base + srcWidth] + (int) src[base + srcWidth + 1];
                    dst[dstOffset + dy * width + dx] = (byte) ((s + 2) >> 2);
                    continue;
                }
                float s = 0;
                int k = 0;
                for (; k <= area - 4; k += 4) s += src[base + ofs[k]] + src[base + ofs[k + 1]] + src[base + ofs[k + 2]] + src[base + ofs[k + 3]];
                for (; k < area; k++) s += src[base + ofs[k]];
                dst[dstOffset + dy * width + dx] = saturate(s * scale);
            }
        }
    }
}

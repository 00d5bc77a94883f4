package io.sparkrl.rollout.render;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.RenderedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes an endlessly looping animated GIF with the JDK's GIF writer, one frame at a time; staged in a temporary
 * file until committed ({@link StagedVideoWriter}). Each kept frame's delay is stretched by {@code keepEvery}.
 */
public final class AnimatedGifWriter extends StagedVideoWriter {
    private static final String FORMAT = "javax_imageio_gif_image_1.0";
    private final ImageOutputStream out;
    private final ImageWriter writer;
    private final int delayCentiseconds;

    /**
     * Opens {@code target} for writing at {@code fps} frames per second of the original motion.
     *
     * @throws IllegalArgumentException if the target's directory cannot be written, or fps/keepEvery are not positive
     */
    public AnimatedGifWriter(Path target, double fps, int keepEvery) {
        super("GIF", target, fps, keepEvery);
        // GIF delays are whole hundredths of a second; viewers treat delays under 2 as "as fast as possible".
        this.delayCentiseconds = (int) Math.max(2, Math.round(100.0 * keepEvery / fps));
        writer = ImageIO.getImageWritersByFormatName("gif").next();
        try {
            out = ImageIO.createImageOutputStream(temporary.toFile());
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
        } catch (IOException e) {
            deleteTemporary();
            throw new UncheckedIOException("cannot start GIF " + temporary, e);
        }
    }

    @Override protected void encode(BufferedImage frame) throws IOException {
        RenderedImage image = exactPalette(frame);
        ImageWriteParam param = writer.getDefaultWriteParam();
        // Not ImageTypeSpecifier.createFromRenderedImage: for a TYPE_BYTE_INDEXED image it describes the standard
        // palette of that type, not the image's own, and the GIF would get the wrong colour table.
        IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(image), param);
        describeFrame(metadata, framesWritten() == 0);
        writer.writeToSequence(new IIOImage(image, null, metadata), param);
    }

    /**
     * The frame as an 8-bit indexed image of its own colours, or the frame itself when it has more than 256.
     * Rendered envs have a few hundred colours at most (flat fills and antialiased edges); indexing them here is
     * exact and an order of magnitude faster than the writer's own colour quantisation, which handles the rest.
     */
    static RenderedImage exactPalette(BufferedImage frame) {
        int width = frame.getWidth(), height = frame.getHeight();
        int[] rgb = frame.getRGB(0, 0, width, height, null, 0, width);
        byte[] pixels = new byte[rgb.length];
        Map<Integer, Integer> palette = new LinkedHashMap<>();
        int lastColour = 0, lastIndex = -1;
        for (int i = 0; i < rgb.length; i++) {
            int colour = rgb[i] & 0xFFFFFF;
            if (colour != lastColour || lastIndex < 0) {
                Integer index = palette.get(colour);
                if (index == null) {
                    if (palette.size() == 256) return frame;
                    index = palette.size();
                    palette.put(colour, index);
                }
                lastColour = colour;
                lastIndex = index;
            }
            pixels[i] = (byte) lastIndex;
        }
        byte[] red = new byte[palette.size()], green = new byte[palette.size()], blue = new byte[palette.size()];
        palette.forEach((colour, index) -> {
            red[index] = (byte) (colour >> 16);
            green[index] = (byte) (colour >> 8);
            blue[index] = (byte) colour.intValue();
        });
        BufferedImage indexed = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(8, palette.size(), red, green, blue));
        indexed.getRaster().setDataElements(0, 0, width, height, pixels);
        return indexed;
    }

    /** Sets the frame's delay and, on the first frame, the NETSCAPE2.0 extension that makes the GIF loop forever. */
    private void describeFrame(IIOMetadata metadata, boolean first) throws IIOInvalidTreeException {
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(FORMAT);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(delayCentiseconds));
        control.setAttribute("transparentColorIndex", "0");
        if (first) {
            IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
            loop.setAttribute("applicationID", "NETSCAPE");
            loop.setAttribute("authenticationCode", "2.0");
            loop.setUserObject(new byte[] {1, 0, 0}); // sub-block 1: loop count 0 (forever), little-endian
            child(root, "ApplicationExtensions").appendChild(loop);
        }
        metadata.setFromTree(FORMAT, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode parent, String name) {
        for (int i = 0; i < parent.getLength(); i++)
            if (parent.item(i).getNodeName().equals(name)) return (IIOMetadataNode) parent.item(i);
        IIOMetadataNode node = new IIOMetadataNode(name);
        parent.appendChild(node);
        return node;
    }

    @Override protected void complete() throws IOException { writer.endWriteSequence(); }

    @Override protected void release() throws IOException {
        writer.dispose();
        out.close();
    }
}

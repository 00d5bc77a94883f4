package io.sparkrl.rollout.render;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The video formats a recording can be written in, named by the file's extension. */
public enum VideoFormat {
    GIF(".gif") {
        @Override VideoWriter open(Path target, double fps, int keepEvery) { return new AnimatedGifWriter(target, fps, keepEvery); }
    },
    MP4(".mp4") {
        @Override VideoWriter open(Path target, double fps, int keepEvery) { return new Mp4Writer(target, fps, keepEvery); }
    };

    private final String extension;

    VideoFormat(String extension) { this.extension = extension; }

    abstract VideoWriter open(Path target, double fps, int keepEvery);

    /**
     * The format {@code file}'s extension names (any case).
     *
     * @throws IllegalArgumentException in one line naming the extensions there are, for any other file name
     */
    public static VideoFormat of(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> name.endsWith(f.extension)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("cannot record " + file + ": name a "
                        + Arrays.stream(values()).map(f -> f.extension).collect(Collectors.joining(" or ")) + " file"));
    }
}

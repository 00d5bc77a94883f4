package io.sparkrl.storage.replay;

import io.sparkrl.rollout.runner.Segment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scripted env slots that write {@link Segment}s for the replay tests. Every entry a stream gets (steps and final
 * observations alike) has the next id of that stream, 0, 1, 2, ..., so an entry's id is its sequence number. Step
 * id s has reward s + 1 and action s % 5. Observations show the ids: {@code [stream, id]} for a
 * {@link VectorLayout}(2); for a {@link FrameStackLayout} every pixel of a frame is {@code id + 1} (so 0 is
 * padding), stacked as the frame-stack contract says: zeros before the episode's first step.
 */
final class FakeStreams {
    private final Layout layout;
    private final int firstStream;
    private final long[] nextId;
    private final int[] stepInEpisode;
    /** Per stream, the frame ids of the current stack, oldest first; -1 is padding. */
    private final long[][] history;
    /** Per stream, the agent observation of every entry, by id: the oracle the tests compare samples with. */
    private final List<List<float[]>> observations = new ArrayList<>();

    FakeStreams(Layout layout, int numEnvs, int firstStream) {
        this.layout = layout;
        this.firstStream = firstStream;
        nextId = new long[numEnvs];
        stepInEpisode = new int[numEnvs];
        history = new long[numEnvs][layout.stack()];
        for (long[] h : history) Arrays.fill(h, -1);
        for (int k = 0; k < numEnvs; k++) observations.add(new ArrayList<>());
    }

    /**
     * A segment with one script per slot, all of the same length, one character per step: {@code .} goes on,
     * {@code T} terminates, {@code X} is truncated.
     */
    Segment segment(String... scripts) {
        int numEnvs = scripts.length, steps = scripts[0].length();
        Segment seg = new Segment(steps, numEnvs, layout.obsSize(), true, 1);
        for (int t = 0; t < steps; t++) {
            for (int k = 0; k < numEnvs; k++) {
                int row = t * numEnvs + k;
                char c = scripts[k].charAt(t);
                long id = nextId[k];
                if (stepInEpisode[k] == 0) observe(k, id);
                System.arraycopy(observation(k, id), 0, seg.obs, row * layout.obsSize(), layout.obsSize());
                seg.discreteActions[row] = (int) (id % 5);
                seg.rewards[row] = id + 1;
                seg.stepInEpisode[row] = stepInEpisode[k]++;
                seg.terminated[row] = c == 'T';
                seg.truncated[row] = c == 'X';
                observe(k, ++nextId[k]);
                System.arraycopy(observation(k, nextId[k]), 0, seg.nextObs, row * layout.obsSize(), layout.obsSize());
                if (c != '.') {
                    nextId[k]++;  // the final observation took an id
                    stepInEpisode[k] = 0;
                    Arrays.fill(history[k], -1);
                }
            }
        }
        return seg;
    }

    /** Slot k's observation at entry {@code id}. */
    float[] observation(int k, long id) { return observations.get(k).get((int) id); }

    /** The stream slot k feeds. */
    int stream(int k) { return firstStream + k; }

    /** The id of the entry whose observation {@code obs} is (row {@code row} of a batch's observations). */
    long idOf(float[] obs, int row) {
        int at = row * layout.obsSize();
        return layout instanceof FrameStackLayout ? (long) obs[at + layout.obsSize() - 1] - 1 : (long) obs[at + 1];
    }

    /** The stream of that entry: slots are told apart only by vector observations. */
    int streamOf(float[] obs, int row) {
        return layout instanceof FrameStackLayout ? firstStream : (int) obs[row * layout.obsSize()];
    }

    /** Pushes entry {@code id}'s frame and records the observation the agent sees there. */
    private void observe(int k, long id) {
        long[] h = history[k];
        System.arraycopy(h, 1, h, 0, h.length - 1);
        h[h.length - 1] = id;
        float[] obs = new float[layout.obsSize()];
        if (layout instanceof FrameStackLayout) {
            int frame = layout.frameSize();
            for (int j = 0; j < h.length; j++) Arrays.fill(obs, j * frame, (j + 1) * frame, h[j] < 0 ? 0 : h[j] + 1);
        } else {
            obs[0] = stream(k);
            obs[1] = id;
        }
        List<float[]> seen = observations.get(k);
        while (seen.size() <= id) seen.add(null);
        seen.set((int) id, obs);
    }
}

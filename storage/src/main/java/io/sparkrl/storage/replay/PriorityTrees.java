package io.sparkrl.storage.replay;

import java.nio.DoubleBuffer;
import java.util.Arrays;

/**
 * A sum tree and a min tree over one value per entry (its priority to the power alpha; 0 for entries that cannot be
 * sampled, which the min tree skips), in flat arrays: node i has children 2i and 2i+1, leaf j is node
 * {@code leaves + j}, node 1 is the root. With a leaf count that is not a power of two the leaves are not in
 * order under the root, which proportional sampling does not need.
 */
final class PriorityTrees {
    final int leaves;
    private final double[] sums, mins;

    PriorityTrees(int leaves) {
        this.leaves = leaves;
        sums = new double[2 * leaves];
        mins = new double[2 * leaves];
        Arrays.fill(mins, Double.POSITIVE_INFINITY);
    }

    double get(int leaf) { return sums[leaves + leaf]; }

    void set(int leaf, double value) {
        int node = leaves + leaf;
        sums[node] = value;
        mins[node] = value > 0 ? value : Double.POSITIVE_INFINITY;
        for (node >>= 1; node >= 1; node >>= 1) update(node);
    }

    private void update(int node) {
        sums[node] = sums[2 * node] + sums[2 * node + 1];
        mins[node] = Math.min(mins[2 * node], mins[2 * node + 1]);
    }

    double total() { return sums[1]; }

    /** The smallest positive value; infinity if none. */
    double min() { return mins[1]; }

    /**
     * The leaf where the running sum passes {@code mass} (in [0, total)). Never a zero leaf: where rounding leaves
     * {@code mass} at or past a subtree's sum, it goes to the side that has any.
     */
    int find(double mass) {
        int node = 1;
        while (node < leaves) {
            int left = 2 * node;
            if (mass < sums[left] || sums[left + 1] == 0) node = left;
            else {
                mass -= sums[left];
                node = left + 1;
            }
        }
        return node - leaves;
    }

    /** Copies leaves {@code from...} into {@code out} until it is full. */
    void saveLeaves(int from, DoubleBuffer out) { out.put(sums, leaves + from, out.remaining()); }

    /** Sets leaves {@code from...} from what is left in {@code in}; call {@link #rebuild()} after the last. */
    void loadLeaves(int from, DoubleBuffer in) {
        int count = in.remaining();
        in.get(sums, leaves + from, count);
        for (int node = leaves + from; node < leaves + from + count; node++)
            mins[node] = sums[node] > 0 ? sums[node] : Double.POSITIVE_INFINITY;
    }

    /** Recomputes the inner nodes from the leaves: the same values incremental updates give. */
    void rebuild() {
        for (int node = leaves - 1; node >= 1; node--) update(node);
    }

    static long bytes(int leaves) { return 2 * HeapSizes.array(2L * leaves, Double.BYTES); }
}

package io.sparkrl.rollout.env.classic;

import java.util.List;
import java.util.Optional;

/** The five classic-control kernels, by env id. */
public final class ClassicKernels {
    private static final List<ClassicKernel> ALL = List.of(new CartPoleKernel(), new MountainCarKernel(),
            new MountainCarContinuousKernel(), new AcrobotKernel(), new PendulumKernel());

    private ClassicKernels() {}

    public static List<ClassicKernel> all() { return ALL; }

    public static Optional<ClassicKernel> forId(String id) {
        return ALL.stream().filter(k -> k.spec().id().equals(id)).findFirst();
    }
}

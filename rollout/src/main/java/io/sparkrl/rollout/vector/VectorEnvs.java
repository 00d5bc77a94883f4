package io.sparkrl.rollout.vector;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvRegistry;
import io.sparkrl.rollout.env.classic.ClassicKernels;
import java.util.ArrayList;
import java.util.List;

/** Builds vector envs by id: the flat {@link ClassicVectorEnv} for classic control, else a {@link SyncVectorEnv}. */
public final class VectorEnvs {
    private VectorEnvs() {}

    public static VectorEnv make(String id, int numEnvs) {
        var kernel = ClassicKernels.forId(id);
        if (kernel.isPresent()) return new ClassicVectorEnv(kernel.get(), numEnvs, EnvRegistry.spec(id).maxEpisodeSteps());
        return sync(id, numEnvs);
    }

    /** {@code numEnvs} copies of {@code EnvRegistry.make(id)} in a {@link SyncVectorEnv}. */
    public static SyncVectorEnv sync(String id, int numEnvs) {
        List<Env<float[]>> envs = new ArrayList<>(numEnvs);
        for (int i = 0; i < numEnvs; i++) envs.add(EnvRegistry.make(id));
        return new SyncVectorEnv(envs);
    }
}

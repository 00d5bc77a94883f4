package io.sparkrl.rollout.vector;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvRecipe;
import io.sparkrl.rollout.env.EnvRegistry;
import io.sparkrl.rollout.env.classic.ClassicKernels;
import java.util.ArrayList;
import java.util.List;

/** Builds vector envs from a recipe: the flat {@link ClassicVectorEnv} for classic control, else a {@link SyncVectorEnv}. */
public final class VectorEnvs {
    private VectorEnvs() {}

    public static VectorEnv make(String id, int numEnvs) { return make(EnvRecipe.of(id), numEnvs); }

    public static VectorEnv make(EnvRecipe recipe, int numEnvs) {
        var kernel = ClassicKernels.forId(recipe.id());
        if (kernel.isPresent()) return new ClassicVectorEnv(kernel.get(), numEnvs, EnvRegistry.spec(recipe.id()).maxEpisodeSteps());
        return sync(recipe, numEnvs);
    }

    /** {@code numEnvs} copies of {@code recipe.make()} in a {@link SyncVectorEnv} (all closed if one cannot be made). */
    public static SyncVectorEnv sync(EnvRecipe recipe, int numEnvs) {
        List<Env<float[]>> envs = new ArrayList<>(numEnvs);
        try {
            for (int i = 0; i < numEnvs; i++) envs.add(recipe.make());
        } catch (RuntimeException e) {
            envs.forEach(Env::close);
            throw e;
        }
        return new SyncVectorEnv(envs);
    }
}

package io.sparkrl.rollout.render;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.HasState;
import io.sparkrl.rollout.env.atari.AtariEnv;
import io.sparkrl.rollout.env.minatar.MinAtarEnv;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/** The renderers of the classic-control envs, by env id, and of the MinAtar and Atari games. */
public final class Renderers {
    private static final Map<String, Function<HasState, Renderer>> RENDERERS = Map.of(
            "CartPole-v1", CartPoleRenderer::new,
            "MountainCar-v0", env -> new MountainCarRenderer(env, 0.5),
            "MountainCarContinuous-v0", env -> new MountainCarRenderer(env, 0.45),
            "Acrobot-v1", AcrobotRenderer::new,
            "Pendulum-v1", PendulumRenderer::new);

    private Renderers() {}

    /** A renderer that draws {@code env}'s current state (wrappers such as the time limit are looked through). */
    public static Renderer forEnv(Env<?> env) {
        if (env.unwrapped() instanceof MinAtarEnv game) return new MinAtarRenderer(game);
        if (env.unwrapped() instanceof AtariEnv game) return new AtariRenderer(game);
        String id = env.spec().id();
        Function<HasState, Renderer> renderer = RENDERERS.get(id);
        if (renderer == null)
            throw new IllegalArgumentException("no renderer for env '" + id + "'; renderers exist for "
                    + String.join(", ", new TreeSet<>(RENDERERS.keySet())) + ", MinAtar/*, the Atari ids");
        if (!(env.unwrapped() instanceof HasState state))
            throw new IllegalArgumentException("env '" + id + "' does not expose its state (HasState), so it cannot be rendered");
        return renderer.apply(state);
    }
}

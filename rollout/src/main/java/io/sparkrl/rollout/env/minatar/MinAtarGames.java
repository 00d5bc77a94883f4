package io.sparkrl.rollout.env.minatar;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** The five MinAtar games, each registered twice as upstream does: {@code -v0} all six actions, {@code -v1} minimal. */
public final class MinAtarGames {
    private static final List<Function<Boolean, MinAtarEnv>> GAMES = List.of(Asterix::new, Breakout::new,
            Freeway::new, Seaquest::new, SpaceInvaders::new);

    private MinAtarGames() {}

    /** One factory per registered id: every game with all actions, then with its minimal set. */
    public static List<Supplier<MinAtarEnv>> factories() {
        List<Supplier<MinAtarEnv>> factories = new ArrayList<>();
        for (boolean minimal : new boolean[] {false, true})
            for (Function<Boolean, MinAtarEnv> game : GAMES) factories.add(() -> game.apply(minimal));
        return factories;
    }
}

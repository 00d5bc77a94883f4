package io.sparkrl.jobs.cli;

/** Option descriptions several commands share. */
final class Descriptions {
    static final String ENV_OPTIONS = "Atari wrappers: a preset (sb3, none, kerl, karpathy) and/or key=value pairs, "
            + "e.g. 'sb3,clip=true' or 'noop=0,stack=2' (docs/ATARI.md). Default: sb3.";

    static final String POLICY = "random, bot (the env's default scripted bot), a bot's name (docs/BOTS.md, e.g. track-ball) "
            + "or the class name of your own Bot (on SPARKRL_CLASSPATH).";

    private Descriptions() {}
}

package io.sparkrl.jobs.cli;

/** Option descriptions several commands share. */
final class Descriptions {
    static final String ENV_OPTIONS = "Atari wrappers: a preset (sb3, none, kerl, karpathy) and/or key=value pairs, "
            + "e.g. 'sb3,clip=true' or 'noop=0,stack=2' (docs/ATARI.md). Default: sb3.";

    private Descriptions() {}
}

package io.sparkrl.storage.plots;

/**
 * One finished episode on a learning curve: the env steps taken by the run when it ended, the wall-clock
 * seconds since the run started, and its return.
 */
public record EpisodePoint(long globalStep, double wallSeconds, double ret) {}

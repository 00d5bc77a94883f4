package io.sparkrl.training;

import io.sparkrl.storage.BadInputException;

/** Hyper-parameter schedules over training, as SB3's: {@code progressRemaining} goes from 1 at the start to 0 at n_timesteps. */
public final class Schedules {
    private Schedules() {}

    /** Refuses schedule names other than "constant" and "linear". */
    public static void check(String schedule) {
        if (!"constant".equals(schedule) && !"linear".equals(schedule))
            throw new BadInputException("unknown schedule '" + schedule + "': use constant or linear");
    }

    /** {@code value} under {@code schedule}: constant, or linear from value down to 0. */
    public static double scheduled(double value, String schedule, double progressRemaining) {
        return "linear".equals(schedule) ? value * progressRemaining : value;
    }

    /** SB3's linear exploration schedule: {@code initial} to {@code last} over the first {@code fraction} of training, then {@code last}. */
    public static double linearDecay(double initial, double last, double fraction, double progressRemaining) {
        double done = 1 - progressRemaining;
        return done >= fraction ? last : initial + done * (last - initial) / fraction;
    }
}

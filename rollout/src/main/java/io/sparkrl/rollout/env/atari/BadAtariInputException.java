package io.sparkrl.rollout.env.atari;

/**
 * A mistake the user can fix in an Atari setup: a missing or invalid ROM, a ROM directory that does not exist,
 * a bad wrapper option. The message is one line naming the problem and the fix; the CLI prints it and exits
 * with code 2 (it is an {@link IllegalArgumentException}, as all bad input in sparkrl).
 */
public final class BadAtariInputException extends IllegalArgumentException {
    public BadAtariInputException(String message) { super(message); }
}

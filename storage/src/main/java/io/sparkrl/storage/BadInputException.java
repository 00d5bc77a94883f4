package io.sparkrl.storage;

/**
 * Input the user can fix (a path, a number, a file's contents). The CLI prints the message as one line and
 * exits with code 2, so the message must name the problem and the fix.
 */
public class BadInputException extends IllegalArgumentException {
    public BadInputException(String message) { super(message); }

    public BadInputException(String message, Throwable cause) { super(message, cause); }
}

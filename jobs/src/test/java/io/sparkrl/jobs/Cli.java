package io.sparkrl.jobs;

import io.sparkrl.jobs.cli.SparkRl;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the sparkrl CLI in the test JVM and captures what it prints. */
record Cli(int code, String out, String err) {

    static synchronized Cli run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = SparkRl.execute(args);
            return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** {@code sparkrl train --run RUN EXTRA...}. */
    static Cli train(java.nio.file.Path run, String... extra) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("train", "--run", run.toString()));
        args.addAll(java.util.List.of(extra));
        return run(args.toArray(new String[0]));
    }

    /** The lines sparkrl itself wrote to stderr (Spark's own log lines carry a timestamp prefix). */
    String sparkrlErrLines() {
        StringBuilder b = new StringBuilder();
        for (String line : err.split("\n"))
            if (line.startsWith("sparkrl")) b.append(line).append('\n');
        return b.toString();
    }

    /** Asserts the run failed as bad input: exit code 2, one sparkrl line naming each {@code expected}, no stack trace. */
    void assertBadInput(String... expected) {
        org.junit.jupiter.api.Assertions.assertEquals(2, code, this::toString);
        String lines = sparkrlErrLines();
        org.junit.jupiter.api.Assertions.assertEquals(1, lines.split("\n").length, () -> "one line expected: " + this);
        for (String e : expected)
            org.junit.jupiter.api.Assertions.assertTrue(lines.contains(e), () -> "expected '" + e + "' in: " + lines);
        org.junit.jupiter.api.Assertions.assertFalse(err.contains("\tat "), () -> "stack trace printed: " + this);
    }

    @Override public String toString() { return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err; }
}

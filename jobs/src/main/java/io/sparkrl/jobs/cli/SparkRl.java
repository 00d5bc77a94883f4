package io.sparkrl.jobs.cli;

import io.sparkrl.rollout.env.atari.Roms;
import io.sparkrl.training.Backend;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.apache.spark.sql.AnalysisException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code sparkrl} command line: one verb per job. Exit codes: 0 ok, 1 internal error, 2 bad input. */
@Command(name = "sparkrl", mixinStandardHelpOptions = true, versionProvider = SparkRl.Version.class,
        description = "Deep reinforcement learning on Apache Spark and Deeplearning4j.",
        subcommands = {TrainCommand.class, PlayCommand.class, PlotCommand.class, RolloutCommand.class, RecordBotsCommand.class, PretrainCommand.class, QueryCommand.class, ConformanceCommand.class, BenchCommand.class,
                InfoCommand.class, RenderCommand.class, RomsCommand.class, CommandLine.HelpCommand.class})
public final class SparkRl {
    public static final int EXIT_BAD_INPUT = 2;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of errors.")
    boolean verbose;

    /** Sets the system property the Atari envs read ({@link Roms#PROPERTY}), so Spark jobs can pass it on. */
    @Option(names = "--rom-dir", scope = CommandLine.ScopeType.INHERIT, paramLabel = "DIR",
            description = "Directory of your Atari ROMs (<game>.bin, ALE's names). Default: $SPARKRL_ROM_DIR, else ~/.sparkrl/roms.")
    void romDir(Path dir) { System.setProperty(Roms.PROPERTY, dir.toString()); }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs one command line in this JVM and returns its exit code (tests call this). */
    public static int execute(String... args) {
        Backend.select();   // before anything loads ND4J
        CommandLine cl = new CommandLine(new SparkRl());
        cl.setParameterExceptionHandler(SparkRl::usageError);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            SparkRl root = cmd.getCommandSpec().root().userObject() instanceof SparkRl r ? r : null;
            boolean verbose = root != null && root.verbose;
            PrintWriter err = cmd.getErr();
            if (verbose) ex.printStackTrace(err);
            Throwable ours = badInputCause(ex), shown = ours != null ? ours : ex; // ours: e.g. a ROM missing on an executor
            int code = isBadInput(shown) ? EXIT_BAD_INPUT : 1;
            err.println("sparkrl " + cmd.getCommandName() + ": " + (code == EXIT_BAD_INPUT ? "" : "internal error: ")
                    + oneLine(shown) + (verbose || code == EXIT_BAD_INPUT ? "" : " (rerun with --verbose for the stack trace)"));
            err.flush();
            return code;
        });
        return cl.execute(args);
    }

    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + ex.getMessage()
                + " (see " + cmd.getCommandSpec().qualifiedName() + " --help)");
        err.flush();
        return EXIT_BAD_INPUT;
    }

    /** Mistakes the user can fix: our own checks, Spark's SQL analysis and parse errors. */
    static boolean isBadInput(Throwable ex) {
        return ex instanceof IllegalArgumentException || ex instanceof AnalysisException;
    }

    /** sparkrl's own bad-input exception wrapped in {@code ex} (a Spark task's failure carries it as a cause), or null. */
    static Throwable badInputCause(Throwable ex) {
        for (Throwable t = ex.getCause(); t != null && t != t.getCause(); t = t.getCause())
            if (t instanceof IllegalArgumentException && t.getClass().getName().startsWith("io.sparkrl.")) return t;
        return null;
    }

    static String oneLine(Throwable ex) {
        String m = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage().strip();
        if (!isBadInput(ex)) m = ex.getClass().getName() + ": " + m;
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).trim();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() {
            String v = SparkRl.class.getPackage().getImplementationVersion();
            return new String[] {"sparkrl " + (v == null ? "dev" : v)};
        }
    }
}

package io.sparkrl.jobs.cli;

import io.sparkrl.jobs.QueryJob;
import io.sparkrl.jobs.ResultFormat;
import io.sparkrl.jobs.SparkSessions;
import io.sparkrl.storage.BadInputException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Run Spark SQL over a run directory's tables, exposed as the views `steps`, `episodes` and (training runs with --eval-every) `evaluations`.",
                "Example: sparkrl query --data runs/demo \"SELECT policy_version, avg(return) FROM episodes GROUP BY 1\""})
final class QueryCommand implements Callable<Integer> {
    @Mixin SparkOptions spark;

    @Option(names = "--data", required = true, description = "A run directory (holding steps/ and/or episodes/).")
    String data;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (JSON lines). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--limit", defaultValue = "1000", description = "Print at most this many rows. Default: ${DEFAULT-VALUE}.")
    int limit;



    @Parameters(index = "0", paramLabel = "SQL", description = "The query.")
    String sql;

    @Override public Integer call() throws Exception {
        ResultFormat fmt = ResultFormat.parse(format);
        if (limit <= 0) throw new BadInputException("--limit must be positive, got " + limit);
        try (SparkSessions.Session session = spark.open("sparkrl query")) {
            boolean more = fmt.print(QueryJob.sql(session.spark(), data, sql), limit, System.out);
            if (more) System.err.println("(only the first " + limit + " rows are shown: raise --limit to see more)");
            return 0;
        }
    }
}

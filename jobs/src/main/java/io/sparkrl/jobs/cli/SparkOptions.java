package io.sparkrl.jobs.cli;

import io.sparkrl.jobs.SparkSessions;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The Spark options every Spark verb takes (a picocli mixin). */
final class SparkOptions {
    @Option(names = "--master", description = "Spark master: local[*] (default), local[N], spark://host:port, yarn, k8s://... "
            + "(under spark-submit, its --master).")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "Extra Spark setting (repeatable).")
    Map<String, String> conf = new LinkedHashMap<>();

    SparkSessions.Session open(String appName) {
        return SparkSessions.open(appName, master, conf);
    }
}

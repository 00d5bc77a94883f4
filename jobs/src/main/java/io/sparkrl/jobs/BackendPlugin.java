package io.sparkrl.jobs;

import io.sparkrl.training.Backend;
import java.util.Map;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * Chooses ND4J's native build ({@link Backend#select}) in every executor JVM when it starts, before any task loads
 * ND4J: each worker's CPU decides, so a cluster of mixed machines runs the best build each has. The driver has
 * chosen already, at the CLI's entry, before its SparkContext existed.
 */
public final class BackendPlugin implements SparkPlugin {
    /** None: Spark accepts null for a plugin without a driver side. */
    @Override public DriverPlugin driverPlugin() { return null; }

    @Override public ExecutorPlugin executorPlugin() {
        return new ExecutorPlugin() {
            @Override public void init(PluginContext ctx, Map<String, String> extraConf) { Backend.select(); }
        };
    }
}

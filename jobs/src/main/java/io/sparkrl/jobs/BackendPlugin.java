package io.sparkrl.jobs;

import io.sparkrl.training.Backend;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * Chooses ND4J's native build ({@link Backend#select}) in every executor JVM when it starts, before any task loads
 * ND4J: each worker's CPU decides, so a cluster of mixed machines runs the best build each has.
 */
public final class BackendPlugin implements SparkPlugin {
    @Override public DriverPlugin driverPlugin() {
        return new DriverPlugin() {
            @Override public Map<String, String> init(SparkContext sc, PluginContext ctx) {
                Backend.select();
                return Map.of();
            }
        };
    }

    @Override public ExecutorPlugin executorPlugin() {
        return new ExecutorPlugin() {
            @Override public void init(PluginContext ctx, Map<String, String> extraConf) { Backend.select(); }
        };
    }
}

package io.sparkrl.jobs.cli;

import io.sparkrl.training.fit.Fitting;
import picocli.CommandLine.Option;

/** Where train and pretrain fit their networks (a picocli mixin; see {@link Fitting}). */
final class FitOptions {
    @Option(names = "--fit", defaultValue = "local", description = "Where minibatches are fitted: local (the driver, "
            + "default), averaging (DL4J parameter averaging on the executors) or shared (DL4J gradient sharing through "
            + "its parameter server). ppo, a2c, reinforce and pretrain bc.")
    String mode;

    @Option(names = "--fit-averaging-frequency", defaultValue = "5", paramLabel = "N",
            description = "averaging: minibatches each executor fits between averagings. Default: ${DEFAULT-VALUE}.")
    int averagingFrequency;

    @Option(names = "--fit-threshold", defaultValue = "1e-3",
            description = "shared: initial threshold of the encoded updates (adapted as training goes). Default: ${DEFAULT-VALUE}.")
    double threshold;

    @Option(names = "--fit-network", paramLabel = "CIDR",
            description = "shared: the executors' network for the parameter-server transport, e.g. 10.0.0.0/16 "
                    + "(default: the driver's /16, loopback when the driver is on loopback).")
    String network;

    Fitting fitting() { return new Fitting(mode, averagingFrequency, threshold, network); }
}

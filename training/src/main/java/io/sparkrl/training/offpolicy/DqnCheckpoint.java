package io.sparkrl.training.offpolicy;

import static io.sparkrl.training.CheckpointFile.readDoubles;
import static io.sparkrl.training.CheckpointFile.readFloats;
import static io.sparkrl.training.CheckpointFile.readInts;
import static io.sparkrl.training.CheckpointFile.readLongs;
import static io.sparkrl.training.CheckpointFile.readString;
import static io.sparkrl.training.CheckpointFile.writeDoubles;
import static io.sparkrl.training.CheckpointFile.writeFloats;
import static io.sparkrl.training.CheckpointFile.writeInts;
import static io.sparkrl.training.CheckpointFile.writeLongs;
import static io.sparkrl.training.CheckpointFile.writeString;

import io.sparkrl.storage.replay.ReplayBuffer;
import io.sparkrl.training.CheckpointFile;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A {@link DqnAgent} but its replay buffer (saved beside it) in one {@link CheckpointFile}: hyper-parameters,
 * network shape, online and target parameters, optimizer state, Pop-Art and reward-scaling statistics, the RNG
 * and the counters; with the buffer, training resumed from it continues bit for bit.
 */
final class DqnCheckpoint {
    static final String MAGIC = "dqn";
    /** 2: image shapes; 3: noisy networks on flat observations keep a plain first layer. */
    private static final int VERSION = 3;

    private DqnCheckpoint() {}

    static void save(DqnAgent agent, Path file) {
        CheckpointFile.save(file, MAGIC, out -> {
            out.writeInt(VERSION);
            writeString(out, agent.config.toJson());
            QNetwork.Spec spec = agent.online.spec();
            out.writeInt(spec.obsSize());
            out.writeInt(spec.numActions());
            writeInts(out, spec.imageShape());
            writeFloats(out, agent.online.paramsCopy());
            writeFloats(out, agent.target.paramsCopy());
            out.writeInt(agent.optimizer.steps());
            writeFloats(out, agent.optimizer.state());
            writeLongs(out, agent.rng.state());
            out.writeLong(agent.envSteps);
            out.writeLong(agent.gradientSteps);
            writeDoubles(out, agent.popArt == null ? null : agent.popArt.state());
            writeDoubles(out, agent.rewardScaler == null ? null : agent.rewardScaler.state());
        });
    }

    static DqnAgent load(Path file, ReplayBuffer replay) {
        return CheckpointFile.load(file, MAGIC, in -> {
            int version = in.readInt();
            if (version < 1 || version > VERSION) throw new IOException("unsupported version " + version);
            DqnConfig config = DqnConfig.fromJson(readString(in));
            int obsSize = in.readInt(), numActions = in.readInt();
            int[] imageShape = version == 1 ? new int[0] : readInts(in);   // version 1: flat observations only
            if (version < 3 && config.noisy() && imageShape.length == 0)
                throw new IOException("a noisy network from before version 3 (noise on its first layer), which this "
                        + "sparkrl no longer builds: train it again");
            QNetwork.Spec spec = DqnAgent.networkSpec(obsSize, imageShape, numActions, config);
            DqnAgent agent = new DqnAgent(spec, config, 0, replay);
            agent.online.setParams(readFloats(in));
            agent.target.setParams(readFloats(in));
            int optimizerSteps = in.readInt();
            agent.optimizer.restore(readFloats(in), optimizerSteps);
            agent.rng.setState(readLongs(in));
            agent.envSteps = in.readLong();
            agent.gradientSteps = in.readLong();
            double[] popArt = readDoubles(in), rewardScaler = readDoubles(in);
            if ((popArt == null) != (agent.popArt == null) || (rewardScaler == null) != (agent.rewardScaler == null))
                throw new IOException("normaliser state does not match the hyper-parameters");
            if (popArt != null) agent.popArt.restore(popArt);
            if (rewardScaler != null) agent.rewardScaler.restore(rewardScaler);
            return agent;
        });
    }
}

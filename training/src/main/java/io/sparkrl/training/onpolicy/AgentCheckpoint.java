package io.sparkrl.training.onpolicy;

import static io.sparkrl.training.CheckpointFile.readDoubles;
import static io.sparkrl.training.CheckpointFile.readFloats;
import static io.sparkrl.training.CheckpointFile.readInts;
import static io.sparkrl.training.CheckpointFile.readString;
import static io.sparkrl.training.CheckpointFile.writeDoubles;
import static io.sparkrl.training.CheckpointFile.writeFloats;
import static io.sparkrl.training.CheckpointFile.writeInts;
import static io.sparkrl.training.CheckpointFile.writeString;

import io.sparkrl.training.CheckpointFile;
import io.sparkrl.training.ImageInputs;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The whole state of an {@link OnPolicyAgent} in one {@link CheckpointFile}: algorithm, hyper-parameters, network
 * shape and parameters, optimizer state and step count, Pop-Art and reward-scaling statistics, the shuffle RNG and
 * the progress counters; enough that training resumed from it continues bit for bit.
 */
final class AgentCheckpoint {
    static final String MAGIC = "onpolicy";
    private static final int VERSION = 2;

    private AgentCheckpoint() {}

    static void save(OnPolicyAgent agent, Path file) {
        CheckpointFile.save(file, MAGIC, out -> {
            out.writeInt(VERSION);
            out.writeUTF(agent.algo());
            writeString(out, agent.config.toJson());
            ActorCriticSpec spec = agent.spec();
            out.writeInt(spec.obsSize());
            out.writeBoolean(spec.discrete());
            out.writeInt(spec.actionDim());
            writeInts(out, spec.hidden());
            writeInts(out, spec.imageShape());
            out.writeLong(agent.envSteps);
            out.writeInt(agent.updates);
            for (long word : agent.rng.state()) out.writeLong(word);
            writeDoubles(out, agent.popArt == null ? null : agent.popArt.state());
            writeDoubles(out, agent.rewardScaler == null ? null : agent.rewardScaler.state());
            writeFloats(out, agent.net.paramsCopy());
            out.writeInt(agent.optimizer.steps());
            writeFloats(out, agent.optimizer.state());
        });
    }

    static OnPolicyAgent load(Path file) {
        return CheckpointFile.load(file, MAGIC, in -> {
            int version = in.readInt();
            if (version != VERSION && version != 1) throw new IOException("unsupported version " + version);
            String algo = in.readUTF();
            OnPolicyConfig config = OnPolicyConfig.fromJson(readString(in));
            int obsSize = in.readInt();
            boolean discrete = in.readBoolean();
            int actionDim = in.readInt();
            int[] hidden = readInts(in), imageShape = version == 1 ? new int[0] : readInts(in);   // version 1: flat only
            ActorCriticSpec spec = new ActorCriticSpec(obsSize, discrete, actionDim, hidden, imageShape,
                    config.network() == null ? ImageInputs.torso(imageShape, config.conv()) : new int[0][], config.network());
            OnPolicyAgent agent = OnPolicyAgent.create(algo, spec, config, 0);
            agent.envSteps = in.readLong();
            agent.updates = in.readInt();
            long[] rngState = new long[5];
            for (int i = 0; i < rngState.length; i++) rngState[i] = in.readLong();
            agent.rng.setState(rngState);
            double[] popArt = readDoubles(in), rewardScaler = readDoubles(in);
            if ((popArt == null) != (agent.popArt == null) || (rewardScaler == null) != (agent.rewardScaler == null))
                throw new IOException("normaliser state does not match the hyper-parameters");
            if (popArt != null) agent.popArt.restore(popArt);
            if (rewardScaler != null) agent.rewardScaler.restore(rewardScaler);
            agent.net.setParams(readFloats(in));
            int optimizerSteps = in.readInt();
            agent.optimizer.restore(readFloats(in), optimizerSteps);
            return agent;
        });
    }
}

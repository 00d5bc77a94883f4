package io.sparkrl.training.onpolicy;

import io.sparkrl.rollout.io.AtomicFiles;
import io.sparkrl.storage.BadInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The whole state of an {@link OnPolicyAgent} in one file: algorithm, hyper-parameters, network shape and
 * parameters, optimizer state and step count, Pop-Art and reward-scaling statistics, the shuffle RNG and the
 * progress counters; enough that training resumed from it continues bit for bit. A CRC32 over the content
 * ends the file, so truncation and corruption are detected. Written to a temporary file beside the target
 * and renamed over it, so a crash never leaves a half-written checkpoint under the real name.
 */
final class AgentCheckpoint {
    private static final byte[] MAGIC = "sparkrl-onpolicy\n".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    private AgentCheckpoint() {}

    static void save(OnPolicyAgent agent, Path file) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(agent.algo());
            writeString(out, agent.config.toJson());
            ActorCriticSpec spec = agent.spec();
            out.writeInt(spec.obsSize());
            out.writeBoolean(spec.discrete());
            out.writeInt(spec.actionDim());
            writeInts(out, spec.hidden());
            out.writeLong(agent.envSteps);
            out.writeInt(agent.updates);
            for (long word : agent.rng.state()) out.writeLong(word);
            writeDoubles(out, agent.popArt == null ? null : agent.popArt.state());
            writeDoubles(out, agent.rewardScaler == null ? null : agent.rewardScaler.state());
            writeFloats(out, agent.net.paramsCopy());
            out.writeInt(agent.optimizer.steps());
            writeFloats(out, agent.optimizer.state());
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
            out.flush();

            Files.createDirectories(file.toAbsolutePath().getParent());
            AtomicFiles.write(file, bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    static OnPolicyAgent load(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException("cannot read checkpoint " + file + ": " + e, e);
        }
        try {
            if (content.length < MAGIC.length + 8 || !Arrays.equals(Arrays.copyOf(content, MAGIC.length), MAGIC))
                throw new IOException("not an on-policy learner checkpoint");
            CRC32 crc = new CRC32();
            crc.update(content, 0, content.length - 8);
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(content));
            in.skipNBytes(content.length - 8);
            if (in.readLong() != crc.getValue()) throw new IOException("checksum mismatch (truncated or corrupt)");

            in = new DataInputStream(new ByteArrayInputStream(content, MAGIC.length, content.length - MAGIC.length - 8));
            int version = in.readInt();
            if (version != VERSION) throw new IOException("unsupported version " + version);
            String algo = in.readUTF();
            OnPolicyConfig config = OnPolicyConfig.fromJson(readString(in));
            ActorCriticSpec spec = new ActorCriticSpec(in.readInt(), in.readBoolean(), in.readInt(), readInts(in));
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
            if (in.available() != 0) throw new IOException(in.available() + " unexpected trailing bytes");
            return agent;
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException("corrupt checkpoint " + file + ": " + e.getMessage()
                    + "; delete it to resume from an earlier checkpoint", e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(in.readNBytes(readLength(in)), StandardCharsets.UTF_8);
    }

    private static void writeInts(DataOutputStream out, int[] values) throws IOException {
        out.writeInt(values.length);
        for (int v : values) out.writeInt(v);
    }

    private static int[] readInts(DataInputStream in) throws IOException {
        int[] values = new int[readLength(in)];
        for (int i = 0; i < values.length; i++) values[i] = in.readInt();
        return values;
    }

    /** A length of -1 stands for null. */
    private static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
        out.writeInt(values == null ? -1 : values.length);
        if (values != null) for (double v : values) out.writeDouble(v);
    }

    private static double[] readDoubles(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length == -1) return null;
        if (length < 0 || length > in.available() / 8) throw new IOException("bad array length " + length);
        double[] values = new double[length];
        for (int i = 0; i < length; i++) values[i] = in.readDouble();
        return values;
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        for (float v : values) out.writeFloat(v);
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        float[] values = new float[readLength(in)];
        for (int i = 0; i < values.length; i++) values[i] = in.readFloat();
        return values;
    }

    /** A non-negative length no larger than what is left, so a corrupt length cannot allocate gigabytes. */
    private static int readLength(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) throw new IOException("bad length " + length);
        return length;
    }
}

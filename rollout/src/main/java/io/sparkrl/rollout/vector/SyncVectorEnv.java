package io.sparkrl.rollout.vector;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.ResetResult;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.env.StepResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * N copies of any {@code Env<float[]>}, stepped one after the other into flat buffers (Gymnasium's
 * {@code SyncVectorEnv} with same-step auto-reset). The buffers are reused; what the copies themselves allocate
 * per step is up to them. It can {@link #snapshot()} itself when every copy is {@link Serializable} with its whole
 * state (the MinAtar games are).
 */
public final class SyncVectorEnv implements VectorEnv {
    private List<Env<float[]>> envs;
    private final int obsSize;
    private final int actSize;
    private final boolean discrete;
    private final float[][] actionBuffers;
    private final float[] observations;
    private final float[] finalObservations;
    private final double[] rewards;
    private final boolean[] terminated;
    private final boolean[] truncated;

    public SyncVectorEnv(List<Env<float[]>> envs) {
        if (envs.isEmpty()) throw new IllegalArgumentException("SyncVectorEnv needs at least one env");
        this.envs = new ArrayList<>(envs);
        Env<float[]> first = envs.get(0);
        for (Env<float[]> env : envs)
            if (!env.observationSpace().equals(first.observationSpace()) || !env.actionSpace().equals(first.actionSpace()))
                throw new IllegalArgumentException("SyncVectorEnv copies must share spaces: " + env + " differs from " + first);
        int n = envs.size();
        obsSize = first.observationSpace().flatSize();
        actSize = first.actionSpace().flatSize();
        discrete = first.actionSpace() instanceof Space.Discrete;
        actionBuffers = new float[n][actSize];
        observations = new float[n * obsSize];
        finalObservations = new float[n * obsSize];
        rewards = new double[n];
        terminated = new boolean[n];
        truncated = new boolean[n];
    }

    @Override public int numEnvs() { return envs.size(); }

    @Override public Space singleObservationSpace() { return envs.get(0).observationSpace(); }

    @Override public Space singleActionSpace() { return envs.get(0).actionSpace(); }

    @Override public void reset(long seed) {
        for (int i = 0; i < envs.size(); i++) {
            copyObs(envs.get(i).reset(seed + i), observations, i);
            terminated[i] = truncated[i] = false;
            rewards[i] = 0;
        }
    }

    @Override public void step(int[] actions) {
        checkLength(actions.length, envs.size());
        for (int i = 0; i < envs.size(); i++) record(i, envs.get(i).step(actions[i]));
    }

    @Override public void step(float[] actions) {
        if (discrete) throw new IllegalArgumentException(envs.get(0).spec().id() + " has action space "
                + singleActionSpace() + ": pass int actions, not float[]");
        checkLength(actions.length, envs.size() * actSize);
        for (int i = 0; i < envs.size(); i++) {
            System.arraycopy(actions, i * actSize, actionBuffers[i], 0, actSize);
            record(i, envs.get(i).step(actionBuffers[i]));
        }
    }

    private void checkLength(int length, int expected) {
        if (length != expected)
            throw new IllegalArgumentException("expected " + expected + " action values, got " + length);
    }

    private void record(int i, StepResult<float[]> result) {
        rewards[i] = result.reward();
        terminated[i] = result.terminated();
        truncated[i] = result.truncated();
        if (result.done()) {
            System.arraycopy(result.obs(), 0, finalObservations, i * obsSize, obsSize);
            copyObs(envs.get(i).reset(), observations, i);
        } else {
            System.arraycopy(result.obs(), 0, observations, i * obsSize, obsSize);
        }
    }

    private void copyObs(ResetResult<float[]> reset, float[] into, int i) {
        System.arraycopy(reset.obs(), 0, into, i * obsSize, obsSize);
    }

    /** The copies themselves, serialized, and their current observations. */
    private record Snapshot(String envId, byte[] envs, float[] observations) implements Serializable {}

    @Override public Serializable snapshot() {
        for (Env<float[]> env : envs)
            if (!(env instanceof Serializable))
                throw new UnsupportedOperationException(env.spec().id() + " cannot snapshot its state: "
                        + env.getClass().getSimpleName() + " is not Serializable");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new ArrayList<>(envs));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot snapshot " + envs.get(0).spec().id(), e);
        }
        return new Snapshot(envs.get(0).spec().id(), bytes.toByteArray(), observations.clone());
    }

    @SuppressWarnings("unchecked")
    @Override public void restore(Serializable snapshot) {
        String id = envs.get(0).spec().id();
        if (!(snapshot instanceof Snapshot s) || !s.envId().equals(id) || s.observations().length != observations.length)
            throw new IllegalArgumentException("not a snapshot of " + envs.size() + " copies of " + id + ": " + snapshot);
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(s.envs()))) {
            envs = (List<Env<float[]>>) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalArgumentException("unreadable snapshot of " + id, e);
        }
        System.arraycopy(s.observations(), 0, observations, 0, observations.length);
        Arrays.fill(rewards, 0);
        Arrays.fill(terminated, false);
        Arrays.fill(truncated, false);
    }

    @Override public float[] observations() { return observations; }

    @Override public float[] finalObservations() { return finalObservations; }

    @Override public double[] rewards() { return rewards; }

    @Override public boolean[] terminated() { return terminated; }

    @Override public boolean[] truncated() { return truncated; }

    @Override public void close() { envs.forEach(Env::close); }
}

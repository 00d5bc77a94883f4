package io.sparkrl.training.onpolicy;

import io.sparkrl.rollout.UserClasses;
import io.sparkrl.storage.BadInputException;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;

/**
 * A user's own DL4J layers for the actor-critic network (KeRLym's model factory): everything between the
 * observation and the two heads. Name the class in the {@code network} hyper-parameter
 * ({@code --set network=com.example.MyTorso}); it needs a public no-argument constructor and must be on the
 * classpath of the driver and of every executor (e.g. {@code SPARKRL_CLASSPATH}, or {@code --jars} with spark-submit).
 * sparkrl adds the heads (policy logits or Gaussian mean and log-std, value), their losses and their orthogonal
 * initialisation; the user's layers keep their own DL4J weight init, seeded from the run's seed. The {@code conv}
 * and {@code hidden} hyper-parameters are then unused.
 */
public interface ActorCriticTorso {

    /** The layers the heads read: the policy tower's last vertex and its width, the value tower's (may be the same). */
    record Trunks(String policy, int policyWidth, String value, int valueWidth) {}

    /**
     * Adds layers to {@code graph} reading {@code input}, the flat observations {@code [n, spec.obsSize()]} (image
     * observations are {@code spec.imageShape()} {@code [C, H, W]} flattened row-major: add a
     * {@code FeedForwardToCnnPreProcessor} for convolutions), and names the two trunks. Layer names must not be
     * {@code policy}, {@code mean}, {@code logStd}, {@code zeros}, {@code meanLogStd} or {@code value}.
     */
    Trunks build(ComputationGraphConfiguration.GraphBuilder graph, String input, ActorCriticSpec spec);

    /** The torso class named by the {@code network} hyper-parameter; one-line errors when it cannot be used. */
    static ActorCriticTorso forName(String className) {
        return UserClasses.newInstance(ActorCriticTorso.class, className, "network", BadInputException::new);
    }
}

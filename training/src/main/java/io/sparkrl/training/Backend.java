package io.sparkrl.training;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Which ND4J backend the networks run on (CPU by default, CUDA with the Maven profile {@code cuda}). */
public final class Backend {
    private Backend() {}

    /** Loads the backend, checks it multiplies a matrix correctly, and describes it. */
    public static Map<String, String> describe() {
        INDArray a = Nd4j.create(new float[] {1, 2, 3, 4}, 2, 2);
        INDArray product = a.mmul(a);
        if (product.getFloat(0, 0) != 7f || product.getFloat(1, 1) != 22f)
            throw new IllegalStateException("ND4J backend computed a wrong matrix product: " + product);
        Map<String, String> info = new LinkedHashMap<>();
        info.put("nd4j_backend", Nd4j.getBackend().getClass().getSimpleName());
        info.put("nd4j_device", Nd4j.getExecutioner().getClass().getSimpleName());
        info.put("blas", String.valueOf(Nd4j.getBlasWrapper().getClass().getSimpleName()));
        info.put("default_dtype", Nd4j.dataType().toString());
        return info;
    }
}

package io.sparkrl.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which ND4J backend the networks run on (CPU by default, CUDA with the Maven profile {@code cuda}), and on the CPU
 * which of ND4J's native builds: the oneDNN build for AVX2 CPUs ({@code linux-x86_64-onednn-avx2}: libnd4j's
 * convolutions through oneDNN, 4-5x faster for sparkrl's CNNs, docs/BENCHMARKS.md), else the generic x86-64 build.
 *
 * <p>JavaCPP loads the build named by the system property {@value #EXTENSION_PROPERTY}, falling back to the generic
 * build when that build's jar is missing; left unset, it would take the first build on the classpath whatever the
 * CPU, and an AVX2 build on a CPU without AVX2 crashes the JVM. So every entry point (the CLI, executors through
 * {@code BackendPlugin}, tests) calls {@link #select} before the first ND4J call.
 */
public final class Backend {
    public static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
    /** {@code SPARKRL_ND4J_BUILD}: {@code auto} (default), {@code generic}, or a build such as {@code onednn-avx2}. */
    public static final String BUILD_ENV = "SPARKRL_ND4J_BUILD";
    /** The builds sparkrl may choose, best first, with the CPU flags each needs. */
    private static final Map<String, Set<String>> BUILDS = builds();
    private static final String NATIVE_DIR = "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64";

    /** Why {@link #select} chose what it chose, for {@code info}. */
    private static String reason;

    private Backend() {}

    private static Map<String, Set<String>> builds() {
        Map<String, Set<String>> builds = new LinkedHashMap<>();
        builds.put("-onednn-avx512", Set.of("avx512f", "avx512bw", "avx512vl", "avx512dq", "avx2", "fma"));
        builds.put("-onednn-avx2", Set.of("avx2", "fma"));
        return builds;
    }

    /**
     * Chooses the native build once per JVM, before ND4J loads: the user's {@value #EXTENSION_PROPERTY} or
     * {@value #BUILD_ENV} if set, else the best build whose jar is on the classpath and whose instructions this
     * CPU has, else the generic build. Returns the build's suffix ("" for generic).
     */
    public static synchronized String select() {
        String chosen = System.getProperty(EXTENSION_PROPERTY);
        if (chosen != null) {
            if (reason == null) reason = "set by -D" + EXTENSION_PROPERTY + "=" + chosen;
            return chosen;
        }
        String requested = System.getenv().getOrDefault(BUILD_ENV, "auto").trim();
        Set<String> flags = cpuFlags();
        chosen = switch (requested) {
            case "auto", "" -> best(flags);
            case "generic" -> "";
            default -> "-" + requested.replaceFirst("^-", "");
        };
        reason = requested.equals("auto") || requested.isEmpty()
                ? "auto: the CPU " + (flags.contains("avx512f") ? "has AVX-512" : flags.contains("avx2") ? "has AVX2" : "lacks AVX2")
                  + "; " + BUILD_ENV + "=generic forces the generic build"
                : "chosen by " + BUILD_ENV + "=" + requested;
        System.setProperty(EXTENSION_PROPERTY, chosen);
        return chosen;
    }

    /** The best build for these CPU flags among those on the classpath; "" (generic) if none fits. */
    static String best(Set<String> cpuFlags) {
        if (!"linux-x86_64".equals(Loader.getPlatform())) return "";
        for (var build : BUILDS.entrySet())
            if (cpuFlags.containsAll(build.getValue()) && onClasspath(build.getKey())) return build.getKey();
        return "";
    }

    private static boolean onClasspath(String extension) {
        return Backend.class.getClassLoader().getResource(NATIVE_DIR + extension + "/libnd4jcpu.so") != null
                && (!extension.contains("onednn") || Backend.class.getClassLoader().getResource("org/bytedeco/dnnl/linux-x86_64/") != null);
    }

    /** This CPU's feature flags from /proc/cpuinfo (empty where it cannot be read: the generic build is then chosen). */
    static Set<String> cpuFlags() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("flags"))
                    .findFirst()
                    .map(line -> Arrays.stream(line.substring(line.indexOf(':') + 1).trim().split("\\s+")).collect(Collectors.toSet()))
                    .orElse(Set.of());
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
    }

    /** The native build ND4J actually loaded, by the directory of its library ("linux-x86_64-onednn-avx2"). */
    public static String loadedBuild() {
        String path = Loader.getLoadedLibraries().getOrDefault("nd4jcpu", "");
        int end = path.lastIndexOf('/'), start = path.lastIndexOf('/', end - 1);
        return end > 0 && start >= 0 ? path.substring(start + 1, end) : Nd4j.getBackend().getClass().getSimpleName();
    }

    /** Loads the backend, checks it multiplies a matrix correctly, and describes it. */
    public static Map<String, String> describe() {
        select();
        INDArray a = Nd4j.create(new float[] {1, 2, 3, 4}, 2, 2);
        INDArray product = a.mmul(a);
        if (product.getFloat(0, 0) != 7f || product.getFloat(1, 1) != 22f)
            throw new IllegalStateException("ND4J backend computed a wrong matrix product: " + product);
        Map<String, String> info = new LinkedHashMap<>();
        info.put("nd4j_backend", Nd4j.getBackend().getClass().getSimpleName());
        info.put("nd4j_build", loadedBuild() + " (" + reason + ")");
        info.put("nd4j_device", Nd4j.getExecutioner().getClass().getSimpleName());
        info.put("blas", String.valueOf(Nd4j.getBlasWrapper().getClass().getSimpleName()));
        info.put("nd4j_threads", String.valueOf(Nd4j.getEnvironment().maxMasterThreads()));
        info.put("default_dtype", Nd4j.dataType().toString());
        return info;
    }
}

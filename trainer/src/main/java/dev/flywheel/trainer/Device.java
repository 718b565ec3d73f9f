package dev.flywheel.trainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Where XGBoost runs: {@code cuda} when a GPU is visible and the loaded native library was built with CUDA,
 * {@code cpu} otherwise, with the reason.
 *
 * @param name {@code cpu} or {@code cuda}, as XGBoost's {@code device} parameter
 * @param reason why, for metrics.json and the log
 */
record Device(String name, String reason) {

    /**
     * Decides the device.
     *
     * @param requested {@code auto}, {@code cpu} or {@code cuda}
     * @param env the environment ({@code NVIDIA_VISIBLE_DEVICES}, {@code CUDA_VISIBLE_DEVICES})
     * @param cudaBuild whether the native library can use CUDA (see {@link #nativeLibraryHasCuda()}); asked only
     *                  when a GPU is visible
     * @return the device
     * @throws BadInputException when {@code cuda} was required but cannot be used
     */
    static Device choose(String requested, Map<String, String> env, BooleanSupplier cudaBuild) {
        if ("cpu".equals(requested)) {
            return new Device("cpu", "requested");
        }
        boolean visible = gpuVisible(env);
        boolean cuda = visible && cudaBuild.getAsBoolean();
        if (cuda) {
            return new Device("cuda", "a GPU is visible and libxgboost4j has CUDA support");
        }
        String why = !visible ? "no GPU is visible" : "a GPU is visible but this libxgboost4j build has no CUDA support "
                + "(the Maven Central xgboost4j native library is CPU-only; put a CUDA build first on the class path)";
        if ("cuda".equals(requested)) {
            throw new BadInputException("--device cuda was required but " + why);
        }
        return new Device("cpu", why);
    }

    /** Whether a GPU is visible to this process (device nodes, or the NVIDIA container runtime's variables). */
    static boolean gpuVisible(Map<String, String> env) {
        String cuda = env.get("CUDA_VISIBLE_DEVICES");
        if (cuda != null && (cuda.isBlank() || cuda.trim().equals("-1"))) {
            return false;
        }
        String nvidia = env.get("NVIDIA_VISIBLE_DEVICES");
        if (nvidia != null && (nvidia.isBlank() || nvidia.equals("void") || nvidia.equals("none"))) {
            return false;
        }
        return Files.exists(Path.of("/dev/nvidia0")) || Files.exists(Path.of("/dev/nvidiactl"));
    }

    /**
     * Whether libxgboost4j can use CUDA. Its {@code CudaSetDevice} aborts the whole JVM in a CPU-only build (an
     * uncaught C++ error), so the question is asked in a child JVM ({@link CudaProbe}) on the same class path.
     */
    static boolean nativeLibraryHasCuda() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            Process probe = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    CudaProbe.class.getName()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!probe.waitFor(60, TimeUnit.SECONDS)) {
                probe.destroyForcibly();
                return false;
            }
            return probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

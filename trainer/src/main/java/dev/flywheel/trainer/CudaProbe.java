package dev.flywheel.trainer;

import ml.dmlc.xgboost4j.java.XGBoostJNI;

/**
 * Exits 0 when libxgboost4j can select CUDA device 0. Run in a child JVM by {@link Device#nativeLibraryHasCuda()}:
 * a CPU-only build aborts the process instead of returning an error.
 */
public final class CudaProbe {

    private CudaProbe() {
    }

    /**
     * Probes device 0.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.exit(XGBoostJNI.CudaSetDevice(0) == 0 ? 0 : 1);
    }
}

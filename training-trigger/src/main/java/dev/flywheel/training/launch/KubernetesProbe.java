package dev.flywheel.training.launch;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;

/**
 * Asks the Kubernetes API server the launchers would use (kubeconfig, in-cluster service account, or
 * {@code KUBERNETES_MASTER}) for its version: {@code flywheel doctor}'s check, kept here because only this module
 * talks to Kubernetes.
 */
public final class KubernetesProbe {

    private KubernetesProbe() {
    }

    /**
     * The API server and its version.
     *
     * @param timeout connect and request timeout
     * @return {@code <master URL> (Kubernetes <version>)}
     * @throws RuntimeException when it cannot be reached or refuses (the message says why)
     */
    public static String version(Duration timeout) {
        int millis = (int) timeout.toMillis();
        Config config = new ConfigBuilder(Config.autoConfigure(null)).withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(millis).withRequestTimeout(millis).build();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            return config.getMasterUrl() + " (Kubernetes " + client.getKubernetesVersion().getGitVersion() + ")";
        }
    }

    /** The API server URL the launchers would use. */
    public static String masterUrl() {
        return Config.autoConfigure(null).getMasterUrl();
    }
}

package dev.flywheel.topology.spec;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Checks a model's trainer block; tuning is in {@link TuningRules}. Keys only the Kubernetes backends use are accepted
 * with the {@code local} backend, which ignores them ({@link TrainerSpec#kubernetesOnlyKeys()}; the training trigger
 * says so once at start), so one spec can switch its backend between local development and production.
 */
final class TrainerRules {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Flywheel passes a job's inputs in these ({@code FLYWHEEL_DATASET_URI}, ...): a spec must not shadow them. */
    private static final String RESERVED_PREFIX = "FLYWHEEL_";

    private final Check check;

    TrainerRules(Check check) {
        this.check = check;
    }

    void trainer(String path, TrainerSpec trainer) {
        TrainerBackend backend = trainer.backend();
        if (backend.onKubernetes() && trainer.image().isEmpty()) {
            check.problem(path + ".image", "backend '" + backend.yamlName() + "' runs on Kubernetes and needs an 'image'");
        }
        if (backend == TrainerBackend.TRAINJOB && trainer.runtime().isEmpty()) {
            check.problem(path + ".runtime", "backend 'trainjob' needs a 'runtime' (the TrainingRuntime to use)");
        }
        if (backend.onKubernetes() && backend != TrainerBackend.TRAINJOB && trainer.runtime().isPresent()) {
            check.problem(path + ".runtime", "'runtime' applies only to backend 'trainjob', so it does nothing with '"
                    + backend.yamlName() + "': remove it");
        }
        check.atLeast(path + ".gpu", trainer.gpu(), 0);
        check.atLeast(path + ".nodes", trainer.nodes(), 1);
        if (trainer.nodes() > 1 && backend.onKubernetes() && !backend.multiNode()) {
            check.problem(path + ".nodes", "backend '" + backend.yamlName()
                    + "' runs on one node; use trainjob or pytorchjob for " + trainer.nodes());
        }
        trainer.backoffLimit().ifPresent(limit -> check.atLeast(path + ".backoff_limit", limit, 0));
        trainer.deadline().ifPresent(deadline -> wholeSeconds(path + ".deadline", deadline,
                "Kubernetes counts it in whole seconds"));
        trainer.ttlAfterFinished().ifPresent(ttl -> wholeSeconds(path + ".ttl_after_finished", ttl,
                "a job deleted as soon as it finishes can be gone before Flywheel reads how it ended"));
        environment(path, trainer);
    }

    private void environment(String path, TrainerSpec trainer) {
        for (String name : trainer.env().keySet()) {
            envName(path + ".env." + name, name);
        }
        for (String name : trainer.secrets().keySet()) {
            envName(path + ".secrets." + name, name);
            if (trainer.env().containsKey(name)) {
                check.problem(path + ".secrets." + name, "'" + name + "' is also set in 'env': set a variable in "
                        + "one place");
            }
        }
    }

    private void wholeSeconds(String path, Duration value, String why) {
        if (value.compareTo(Duration.ofSeconds(1)) < 0) {
            check.problem(path, "must be at least 1s (" + why + "), got " + Durations.format(value));
        }
    }

    private void envName(String path, String name) {
        if (!ENV_NAME.matcher(name).matches()) {
            check.problem(path, "invalid environment variable name '" + name + "'");
        } else if (name.startsWith(RESERVED_PREFIX)) {
            check.problem(path, "names starting with " + RESERVED_PREFIX + " are reserved: Flywheel passes the job's "
                    + "inputs in them (FLYWHEEL_DATASET_URI, FLYWHEEL_OUTPUT_URI, FLYWHEEL_LABEL, ...)");
        }
    }
}

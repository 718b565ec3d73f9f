package dev.flywheel.training.launch;

import dev.flywheel.schemas.events.TrainingState;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the state of each kind of job from its {@code status}. */
final class JobStatuses {

    private JobStatuses() {
    }

    /** batch/v1 Job: Complete / Failed conditions; Suspended (Kueue has not admitted it) is SUBMITTED. */
    static JobObservation job(GenericKubernetesResource job) {
        Map<String, Object> status = status(job);
        Optional<Instant> started = time(status.get("startTime"));
        Optional<Instant> finished = time(status.get("completionTime"));
        Optional<Map<String, Object>> failed = condition(status, "Failed");
        if (condition(status, "Complete").isPresent()) {
            return new JobObservation(TrainingState.SUCCEEDED, Optional.empty(), started, finished, Optional.empty(), Map.of());
        }
        if (failed.isPresent()) {
            return new JobObservation(TrainingState.FAILED, Optional.of(reason(failed.get(), "Failed")), started,
                    time(failed.get().get("lastTransitionTime")), Optional.empty(), Map.of());
        }
        Optional<Map<String, Object>> suspended = condition(status, "Suspended");
        if (suspended.isPresent()) {
            return new JobObservation(TrainingState.SUBMITTED, Optional.of(reason(suspended.get(), "Suspended")),
                    Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
        }
        boolean running = started.isPresent() || number(status.get("active")) > 0;
        return new JobObservation(running ? TrainingState.RUNNING : TrainingState.SUBMITTED, Optional.empty(), started,
                Optional.empty(), Optional.empty(), Map.of());
    }

    /** TrainJob: Complete / Failed; Suspended is SUBMITTED; any other status RUNNING. */
    static JobObservation trainJob(GenericKubernetesResource job) {
        Map<String, Object> status = status(job);
        Optional<Map<String, Object>> complete = condition(status, "Complete");
        if (complete.isPresent()) {
            return new JobObservation(TrainingState.SUCCEEDED, Optional.empty(), Optional.empty(),
                    time(complete.get().get("lastTransitionTime")), Optional.empty(), Map.of());
        }
        Optional<Map<String, Object>> failed = condition(status, "Failed");
        if (failed.isPresent()) {
            return new JobObservation(TrainingState.FAILED, Optional.of(reason(failed.get(), "Failed")), Optional.empty(),
                    time(failed.get().get("lastTransitionTime")), Optional.empty(), Map.of());
        }
        if (status.isEmpty() || condition(status, "Suspended").isPresent()) {
            return JobObservation.of(TrainingState.SUBMITTED);
        }
        return JobObservation.of(TrainingState.RUNNING);
    }

    /** PyTorchJob and Katib Experiment: Succeeded / Failed / Running conditions (Created alone is SUBMITTED). */
    static JobObservation kubeflow(GenericKubernetesResource job) {
        Map<String, Object> status = status(job);
        Optional<Instant> started = time(status.get("startTime"));
        Optional<Map<String, Object>> succeeded = condition(status, "Succeeded");
        if (succeeded.isPresent()) {
            return new JobObservation(TrainingState.SUCCEEDED, Optional.empty(), started,
                    time(status.getOrDefault("completionTime", succeeded.get().get("lastTransitionTime"))),
                    Optional.empty(), Map.of());
        }
        Optional<Map<String, Object>> failed = condition(status, "Failed");
        if (failed.isPresent()) {
            return new JobObservation(TrainingState.FAILED, Optional.of(reason(failed.get(), "Failed")), started,
                    time(failed.get().get("lastTransitionTime")), Optional.empty(), Map.of());
        }
        boolean running = condition(status, "Running").isPresent() || condition(status, "Restarting").isPresent();
        return new JobObservation(running ? TrainingState.RUNNING : TrainingState.SUBMITTED, Optional.empty(), started,
                Optional.empty(), Optional.empty(), Map.of());
    }

    /**
     * The best trial of a Katib Experiment ({@code status.currentOptimalTrial}): its name and parameter assignments.
     *
     * @return trial name and parameters, or empty when there is none yet
     */
    @SuppressWarnings("unchecked")
    static Optional<Map.Entry<String, Map<String, String>>> bestTrial(GenericKubernetesResource experiment) {
        Object best = status(experiment).get("currentOptimalTrial");
        if (!(best instanceof Map<?, ?> trial) || !(trial.get("bestTrialName") instanceof String name) || name.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        if (trial.get("parameterAssignments") instanceof List<?> assignments) {
            for (Object assignment : assignments) {
                Map<String, Object> a = (Map<String, Object>) assignment;
                parameters.put(String.valueOf(a.get("name")), String.valueOf(a.get("value")));
            }
        }
        return Optional.of(Map.entry(name, parameters));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(GenericKubernetesResource resource) {
        Object status = resource.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Optional<Map<String, Object>> condition(Map<String, Object> status, String type) {
        if (!(status.get("conditions") instanceof List<?> conditions)) {
            return Optional.empty();
        }
        return conditions.stream().filter(Map.class::isInstance).map(c -> (Map<String, Object>) c)
                .filter(c -> type.equals(c.get("type")) && "True".equals(String.valueOf(c.get("status")))).findFirst();
    }

    private static String reason(Map<String, Object> condition, String fallback) {
        Object reason = condition.get("reason");
        Object message = condition.get("message");
        String head = reason == null ? fallback : reason.toString();
        return message == null ? head : head + ": " + message;
    }

    private static Optional<Instant> time(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value.toString()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}

package dev.flywheel.training.policy;

import dev.flywheel.schemas.events.TrainingRequested;
import dev.flywheel.schemas.events.TriggerKind;
import dev.flywheel.topology.spec.FeatureRef;
import dev.flywheel.topology.spec.ModelSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds {@code TrainingRequested} events for a model: by the policy, or by hand ({@code flywheel train}). */
public final class TrainingRequests {

    /** The backend name of a Katib tuning request. */
    public static final String KATIB = "katib";

    private TrainingRequests() {
    }

    /**
     * A request.
     *
     * @param model the model
     * @param causes the ids of the events that caused it (its id derives from them)
     * @param trigger the first trigger kind
     * @param reason why, for people
     * @param requestedBy who asked, for a manual request
     * @param at when
     * @return the event, keyed by its {@code request_id} on {@code flywheel.training}
     */
    public static TrainingRequested of(ModelSpec model, List<String> causes, TriggerKind trigger, String reason,
                                       Optional<String> requestedBy, Instant at) {
        String requestId = RequestIds.of(model.name(), causes);
        boolean tuning = model.tuning().isPresent() && model.trainer().backend().onKubernetes();
        return TrainingRequested.newBuilder().setEventId(RequestIds.eventId(requestId)).setOccurredAt(at)
                .setCauses(List.copyOf(causes)).setRequestId(requestId).setModel(model.name()).setTrigger(trigger)
                .setReason(reason).setRequestedBy(requestedBy.orElse(null))
                .setFeatureRefs(model.features().stream().map(FeatureRef::toString).toList())
                .setLabel(model.label()).setBackend(tuning ? KATIB : model.trainer().backend().yamlName())
                .setTuning(tuning).setParameters(Map.of()).build();
    }

    /**
     * A manual request. The command id is its only cause, so sending the same command twice makes one request.
     *
     * @param model the model
     * @param commandId a unique id of the command (a UUID the caller keeps for retries)
     * @param requestedBy who asked
     * @param at when
     * @return the event
     */
    public static TrainingRequested manual(ModelSpec model, String commandId, String requestedBy, Instant at) {
        return of(model, List.of(commandId), TriggerKind.MANUAL, "requested by " + requestedBy,
                Optional.of(requestedBy), at);
    }
}

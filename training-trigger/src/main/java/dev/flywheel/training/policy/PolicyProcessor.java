package dev.flywheel.training.policy;

import dev.flywheel.schemas.events.DataAvailable;
import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.schemas.events.TrainingJobStatus;
import dev.flywheel.schemas.events.TrainingRequested;
import dev.flywheel.schemas.events.TrainingState;
import dev.flywheel.schemas.events.TriggerKind;
import dev.flywheel.topology.runtime.Mdc;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.ModelSpec;
import dev.flywheel.topology.spec.RetrainSpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retrain policy of every model of its task, records keyed by model. Drift alarms and new rows that pass the
 * thresholds become pending causes; pending causes become one request once the coalescing span has passed since the
 * first, the cooldown since the last request, and a job slot is free ({@code max_concurrent}). Time is the wall
 * clock, checked on every record and every {@link PolicySettings#tick()}. Every event id is remembered, so a
 * replayed event changes nothing; a request's id derives from its causes, so even a lost store cannot make a
 * second job for the same causes.
 */
final class PolicyProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyProcessor.class);

    private final FlywheelSpec spec;
    private final RetrainPolicy policy;
    private final PolicySettings settings;
    private final PolicyMetrics metrics;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, PolicyState> store;

    PolicyProcessor(FlywheelSpec spec, PolicySettings settings, PolicyMetrics metrics) {
        this.spec = spec;
        this.policy = new RetrainPolicy(spec, settings.minSeverity());
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.store = context.getStateStore(TriggerTopology.POLICY_STORE);
        context.schedule(settings.tick(), PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        Optional<ModelSpec> model = spec.model(record.key());
        if (model.isEmpty()) {
            LOG.warn("Event {} for model {} not in the spec: ignored", record.value().getSchema().getName(), record.key());
            metrics.ignored("unknown_model");
            return;
        }
        try (var ignored = Mdc.put(Mdc.MODEL, record.key())) {
            long now = context.currentSystemTimeMs();
            PolicyState state = Optional.ofNullable(store.get(record.key())).orElseGet(PolicyState::new);
            apply(model.get(), state, record.value(), now);
            emitIfDue(model.get(), state, now);
            store.put(record.key(), state);
        }
    }

    private void apply(ModelSpec model, PolicyState state, SpecificRecord event, long now) {
        if (event instanceof DriftDetected alarm) {
            if (state.seen(alarm.getEventId())) {
                metrics.ignored("replayed");
                return;
            }
            state.remember(alarm.getEventId());
            Decision decision = policy.evaluate(model, alarm);
            if (decision.accepted()) {
                state.addPending(alarm.getEventId(), TriggerKind.DRIFT.name(), decision.reason(), now);
                metrics.accepted(TriggerKind.DRIFT);
            } else {
                LOG.info("Drift alarm {} does not retrain {}: {}", alarm.getEventId(), model.name(), decision.reason());
                metrics.ignored("below_threshold");
            }
        } else if (event instanceof DataAvailable data) {
            newRows(model, state, data, now);
        } else if (event instanceof TrainingRequested request) {
            if (!state.seen(request.getEventId())) {
                state.remember(request.getEventId());
                request.getCauses().forEach(state::remember);
                if (!state.seen("finished:" + request.getRequestId())) {
                    state.active.add(request.getRequestId());
                }
                state.lastRequestAt = Math.max(state.lastRequestAt, request.getOccurredAt().toEpochMilli());
                state.pendingCauses.removeAll(request.getCauses());
                if (state.pendingCauses.isEmpty()) {
                    state.clearPending();
                }
                if (request.getTrigger() == TriggerKind.MANUAL) {
                    state.resetRows();
                }
            }
        } else if (event instanceof TrainingJobStatus status && terminal(status.getState())) {
            state.active.remove(status.getRequestId());
            state.remember("finished:" + status.getRequestId());
        }
    }

    private void newRows(ModelSpec model, PolicyState state, DataAvailable data, long now) {
        if (state.seen(data.getEventId())) {
            metrics.ignored("replayed");
            return;
        }
        state.remember(data.getEventId());
        state.rowsSinceLast += data.getRowCount();
        if (state.dataCauses.size() < PolicyState.REMEMBERED) {
            state.dataCauses.add(data.getEventId());
        }
        long threshold = model.retrain().onNewRows().orElseThrow();
        if (state.rowsSinceLast >= threshold) {
            String reason = String.format(Locale.ROOT, "%d new rows >= %d since the last training", state.rowsSinceLast,
                    threshold);
            state.dataCauses.forEach(cause -> state.addPending(cause, TriggerKind.NEW_DATA.name(), reason, now));
            metrics.accepted(TriggerKind.NEW_DATA);
        }
    }

    private void tick(long now) {
        for (ModelSpec model : spec.models()) {
            if (!owned(model.name())) {
                continue;
            }
            PolicyState stored = store.get(model.name());
            if (stored == null && model.retrain().schedule().isEmpty()) {
                continue;
            }
            try (var ignored = Mdc.put(Mdc.MODEL, model.name())) {
                PolicyState state = stored == null ? new PolicyState() : stored;
                boolean changed = schedule(model, state, now) | emitIfDue(model, state, now);
                if (changed || stored == null) {
                    store.put(model.name(), state);
                }
            }
        }
    }

    private boolean schedule(ModelSpec model, PolicyState state, long now) {
        if (model.retrain().schedule().isEmpty()) {
            return false;
        }
        long interval = model.retrain().schedule().get().toMillis();
        long slot = now / interval;
        if (slot <= state.scheduleSlot) {
            return false;
        }
        boolean first = state.scheduleSlot < 0;
        state.scheduleSlot = slot;
        if (!first && (state.lastRequestAt < 0 || now - state.lastRequestAt >= interval)) {
            state.addPending("schedule:" + model.name() + ":" + Instant.ofEpochMilli(slot * interval),
                    TriggerKind.SCHEDULE.name(), "scheduled every " + model.retrain().schedule().get(), now);
            metrics.accepted(TriggerKind.SCHEDULE);
        }
        return true;
    }

    private boolean emitIfDue(ModelSpec model, PolicyState state, long now) {
        if (state.pendingCauses.isEmpty()) {
            return false;
        }
        RetrainSpec retrain = model.retrain();
        long due = state.pendingSince + retrain.coalesce().toMillis();
        if (state.lastRequestAt >= 0) {
            due = Math.max(due, state.lastRequestAt + retrain.cooldown().toMillis());
        }
        if (now < due || state.active.size() >= retrain.maxConcurrent()) {
            return false;
        }
        List<String> causes = new ArrayList<>(state.pendingCauses);
        String reason = String.join("; ", state.reasons());
        TrainingRequested request = TrainingRequests.of(model, causes, TriggerKind.valueOf(state.pendingKinds.get(0)),
                reason, Optional.empty(), Instant.ofEpochMilli(now));
        state.clearPending();
        state.resetRows();
        state.lastRequestAt = now;
        state.remember(request.getEventId());
        if (state.seen("finished:" + request.getRequestId())) {
            LOG.warn("Request {} of model {} already ran: not requested again", request.getRequestId(), model.name());
            return true;
        }
        state.active.add(request.getRequestId());
        LOG.info("Training requested for {}: {} ({} causes, request {})", model.name(), reason, causes.size(),
                request.getRequestId());
        metrics.requested(request.getTrigger());
        context.forward(new Record<>(request.getRequestId(), request, now));
        return true;
    }

    /** Whether this task owns the model: the partition the default partitioner gives its key. */
    private boolean owned(String model) {
        int partition = Utils.toPositive(Utils.murmur2(model.getBytes(StandardCharsets.UTF_8))) % settings.partitions();
        return partition == context.taskId().partition();
    }

    private static boolean terminal(TrainingState state) {
        return state == TrainingState.SUCCEEDED || state == TrainingState.FAILED;
    }
}

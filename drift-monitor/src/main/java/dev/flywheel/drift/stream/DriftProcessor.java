package dev.flywheel.drift.stream;

import dev.flywheel.drift.alarm.AlarmGate;
import dev.flywheel.drift.alarm.AlarmState;
import dev.flywheel.drift.stats.Verdict;
import dev.flywheel.drift.window.WindowCounts;
import dev.flywheel.drift.window.Windowing;
import dev.flywheel.schemas.events.DatasetSnapshot;
import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.schemas.events.DriftKind;
import dev.flywheel.schemas.events.ModelPromoted;
import dev.flywheel.schemas.events.ModelStage;
import dev.flywheel.schemas.events.ModelVersion;
import dev.flywheel.topology.spec.MonitorSpec;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor itself, on its single partition: keeps the wanted and the current reference, the window and
 * the alarms in one state store, so a restart resumes exactly where the last commit left it; emits
 * {@code DriftDetected} and {@code DriftResolved}.
 *
 * <p>Store keys: {@code wanted} and {@code reference} ({@link ReferenceTarget}), {@code window}
 * ({@link Windowing}), {@code alarm:<feature>} and {@code alarm:} for the view ({@link AlarmState}),
 * {@code dataset:<id>} (snapshots that profile the view, plain Avro).
 */
final class DriftProcessor implements Processor<String, MonitorInput, String, SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(DriftProcessor.class);
    private static final String WANTED = "wanted";
    private static final String CURRENT = "reference";
    private static final String WINDOW = "window";
    private static final String ALARM = "alarm:";
    private static final String DATASET = "dataset:";
    private static final String VIEW_ALARM = ALARM;

    private final MonitorSpec monitor;
    private final String view;
    private final String storeName;
    private final Optional<String> championOf;
    private final Optional<String> explicitDataset;
    private final DriftMetrics metrics;
    private final AlarmGate gate;
    private final AlarmEvents events;
    private final PredictionReference predictions;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, byte[]> store;
    private MonitorReference reference;
    private Windowing windowing;
    private boolean wantedChecked;

    DriftProcessor(MonitorSpec monitor, String view, String storeName, Optional<String> championOf,
                   DriftMetrics metrics) {
        this(monitor, view, storeName, championOf, metrics, null);
    }

    /**
     * A processor of a prediction-drift monitor when {@code predictions} is set: {@code view} is the predictions
     * topic, and the one feature's alarm is the monitor's (no view-level alarm). Its reference is the profile of
     * {@code <topic>:<field>} in the explicit {@code reference_dataset}'s snapshot (waited for, as a data
     * monitor waits), else in the champion's snapshot, else frozen from the first predictions after the
     * champion's promotion (see {@link PredictionReference}); a champion's snapshot that profiles the predictions
     * replaces a reference frozen from the stream when it arrives.
     */
    DriftProcessor(MonitorSpec monitor, String view, String storeName, Optional<String> championOf,
                   DriftMetrics metrics, PredictionReference predictions) {
        this.predictions = predictions;
        this.monitor = monitor;
        this.view = view;
        this.storeName = storeName;
        this.championOf = championOf;
        this.explicitDataset = monitor.referenceDataset();
        this.metrics = metrics;
        this.gate = new AlarmGate(monitor.cooldown());
        this.events = new AlarmEvents(monitor.name(), view, predictions == null ? DriftKind.DATA : DriftKind.PREDICTION);
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        byte[] current = store.get(CURRENT);
        if (current != null) {
            ReferenceTarget target = ReferenceTarget.decode(current);
            reference = MonitorReference.of(monitor, view, snapshot(target.datasetId()), target.causes(), target.model(),
                    target.version());
            byte[] window = store.get(WINDOW);
            windowing = window != null ? Windowing.decode(window) : Windowing.of(monitor.window(), reference.width());
            LOG.info("Monitor {} resumes against dataset {}", monitor.name(), target.datasetId());
        }
        if (explicitDataset.isPresent()
                && !wanted().map(ReferenceTarget::datasetId).equals(explicitDataset)) {
            // The spec names (another) dataset: it is wanted now; the switch waits for the first record, because
            // a switch may emit DriftResolved events and init may not forward.
            store.put(WANTED, new ReferenceTarget(explicitDataset.get(), List.of(), Optional.empty(), Optional.empty())
                    .encode());
        }
    }

    @Override
    public void process(Record<String, MonitorInput> record) {
        if (!wantedChecked) {
            wantedChecked = true;
            wanted().ifPresent(this::want);
        }
        if (record.value() instanceof MonitorInput.Observation observation) {
            observe(observation, record.timestamp());
        } else if (record.value() instanceof MonitorInput.ReferenceEvent event) {
            onReferenceEvent(event.event());
        }
    }

    private void onReferenceEvent(SpecificRecord event) {
        if (event instanceof DatasetSnapshot snapshot) {
            kept(snapshot).ifPresent(kept -> {
                store.put(DATASET + kept.getDatasetId(), AvroBytes.encode(kept));
                wanted().filter(target -> target.datasetId().equals(kept.getDatasetId())).ifPresent(this::want);
            });
        } else if (predictions != null) {
            if (explicitDataset.isEmpty()) {
                promotion(event).filter(target -> !wanted().flatMap(ReferenceTarget::version).equals(target.version())
                                || !wanted().flatMap(ReferenceTarget::model).equals(target.model()))
                        .ifPresent(this::restartReference);
            }
        } else if (event instanceof ModelPromoted promoted && explicitDataset.isEmpty()
                && championOf.filter(promoted.getModel()::equals).isPresent() && promoted.getDatasetId() != null) {
            want(new ReferenceTarget(promoted.getDatasetId(), List.of(promoted.getEventId()),
                    Optional.of(promoted.getModel()), Optional.of(promoted.getVersion())));
        } else if (event instanceof ModelVersion version && explicitDataset.isEmpty()
                && championOf.filter(version.getModel()::equals).isPresent() && version.getStage() == ModelStage.PRODUCTION
                && version.getDatasetId() != null
                && wanted().flatMap(ReferenceTarget::version).map(known -> version.getVersion() > known).orElse(true)) {
            want(new ReferenceTarget(version.getDatasetId(), List.of(version.getEventId()),
                    Optional.of(version.getModel()), Optional.of(version.getVersion())));
        }
    }

    /**
     * The part of a snapshot this monitor keeps: a data monitor keeps a snapshot that profiles its view, a
     * prediction monitor only the profile of its predictions.
     */
    private Optional<DatasetSnapshot> kept(DatasetSnapshot snapshot) {
        if (predictions != null) {
            return predictions.profiled(snapshot);
        }
        return snapshot.getProfiles().stream().anyMatch(profile -> profile.getFeature().startsWith(view + ":"))
                ? Optional.of(snapshot) : Optional.empty();
    }

    /**
     * A prediction monitor's champion changed: its alarms close, and its reference becomes the champion's
     * snapshot when that profiles the predictions, else the next predictions.
     */
    private void restartReference(ReferenceTarget target) {
        store.put(WANTED, target.encode());
        if (reference != null) {
            closeAll(windowing.current(), target.causes());
            reference = null;
            windowing = null;
            store.delete(CURRENT);
            store.delete(WINDOW);
        }
        predictions.clear(store);
        if (snapshot(target.datasetId()) != null) {
            want(target);
            return;
        }
        LOG.info("Monitor {} freezes its reference from the next {} predictions of {} v{}", monitor.name(),
                predictions.size(), target.model().orElse("?"), target.version().orElse(0));
    }

    private void collect(MonitorInput.Observation observation, long timestamp) {
        Object value = observation.values().values().iterator().next();
        if (value == null || value instanceof Double number && number.isNaN()) {
            metrics.record("null_value");
            return;
        }
        metrics.record("reference");
        if (!predictions.add(store, value)) {
            return;
        }
        ReferenceTarget target = wanted().orElse(new ReferenceTarget("", List.of(), Optional.empty(), Optional.empty()));
        String datasetId = "predictions:" + monitor.name() + ":" + target.model().map(model -> model + ":v"
                + target.version().orElse(0)).orElse("start");
        DatasetSnapshot snapshot = predictions.freeze(store, datasetId, Instant.ofEpochMilli(timestamp));
        store.put(DATASET + datasetId, AvroBytes.encode(snapshot));
        List<String> causes = new java.util.ArrayList<>(target.causes());
        causes.add(0, snapshot.getEventId());
        switchTo(MonitorReference.of(monitor, view, snapshot, causes, target.model(), target.version()));
    }

    /** The champion a promotion (or a newer {@code ModelVersion} in production) names, if it is this monitor's. */
    private Optional<ReferenceTarget> promotion(SpecificRecord event) {
        if (event instanceof ModelPromoted promoted && championOf.filter(promoted.getModel()::equals).isPresent()) {
            return Optional.of(new ReferenceTarget(Objects.toString(promoted.getDatasetId(), ""),
                    List.of(promoted.getEventId()),
                    Optional.of(promoted.getModel()), Optional.of(promoted.getVersion())));
        }
        if (event instanceof ModelVersion version && championOf.filter(version.getModel()::equals).isPresent()
                && version.getStage() == ModelStage.PRODUCTION
                && wanted().flatMap(ReferenceTarget::version).map(known -> version.getVersion() > known).orElse(true)) {
            return Optional.of(new ReferenceTarget(Objects.toString(version.getDatasetId(), ""),
                    List.of(version.getEventId()), Optional.of(version.getModel()), Optional.of(version.getVersion())));
        }
        return Optional.empty();
    }

    private Optional<ReferenceTarget> wanted() {
        return Optional.ofNullable(store.get(WANTED)).map(ReferenceTarget::decode);
    }

    private void want(ReferenceTarget target) {
        store.put(WANTED, target.encode());
        if (reference != null && reference.datasetId().equals(target.datasetId())) {
            return;
        }
        DatasetSnapshot snapshot = snapshot(target.datasetId());
        if (snapshot == null) {
            if (predictions == null || explicitDataset.isPresent()) {
                LOG.info("Monitor {} waits for the snapshot of dataset {}", monitor.name(), target.datasetId());
            }
            return;
        }
        List<String> causes = new java.util.ArrayList<>(target.causes());
        causes.add(0, snapshot.getEventId());
        switchTo(MonitorReference.of(monitor, view, snapshot, causes, target.model(), target.version()));
    }

    private DatasetSnapshot snapshot(String datasetId) {
        byte[] bytes = store.get(DATASET + datasetId);
        return bytes == null ? null : AvroBytes.decode(bytes, 0, DatasetSnapshot.class);
    }

    private void switchTo(MonitorReference next) {
        if (reference != null) {
            WindowCounts window = windowing.current();
            closeAll(window, next.causes());
        }
        LOG.info("Monitor {} now compares with dataset {} ({} features{})", monitor.name(), next.datasetId(),
                next.features().size(), next.model().map(model -> ", champion of " + model + " v"
                        + next.version().orElse(0)).orElse(""));
        if (predictions != null) {
            predictions.clear(store);
        }
        reference = next;
        metrics.referenceSwitched();
        windowing = Windowing.of(monitor.window(), next.width());
        store.put(CURRENT, new ReferenceTarget(next.datasetId(), next.causes(), next.model(), next.version()).encode());
        store.put(WINDOW, windowing.encode());
    }

    /**
     * Closes every open alarm because the reference changed; {@code becauseOf} (the new reference's snapshot and
     * promotion event ids) joins each {@code DriftResolved}'s causes, so the switch is traceable from the topic.
     */
    private void closeAll(WindowCounts window, List<String> becauseOf) {
        List<String> keys = new java.util.ArrayList<>();
        try (KeyValueIterator<String, byte[]> alarms = store.prefixScan(ALARM,
                org.apache.kafka.common.serialization.Serdes.String().serializer())) {
            while (alarms.hasNext()) {
                var entry = alarms.next();
                AlarmState state = AlarmState.decode(entry.value);
                if (state.open()) {
                    String name = entry.key.substring(ALARM.length());
                    resolve(name.isEmpty() ? null : name, state, state.method(), Double.NaN, Double.NaN, "REFERENCE_CHANGED", window,
                            becauseOf);
                }
                keys.add(entry.key);
            }
        }
        // A new reference is new evidence: its alarms start without a cooldown.
        keys.forEach(store::delete);
    }

    private void observe(MonitorInput.Observation observation, long timestamp) {
        if (reference == null && predictions != null && explicitDataset.isEmpty()) {
            collect(observation, timestamp);
            return;
        }
        if (reference == null) {
            metrics.record("unreferenced");
            return;
        }
        Windowing.Outcome outcome = windowing.add(timestamp, reference.bins(observation.values()));
        if (outcome == Windowing.Outcome.LATE) {
            metrics.record("late");
            LOG.warn("Monitor {} skips a record of event time {}: its window slot has already left the window",
                    monitor.name(), Instant.ofEpochMilli(timestamp));
            return;
        }
        metrics.record("counted");
        store.put(WINDOW, windowing.encode());
        windowing.closed().ifPresent(this::evaluate);
    }

    private void evaluate(WindowCounts window) {
        metrics.window();
        WindowEvaluation evaluation = WindowEvaluation.of(reference, window);
        if (evaluation.verdicts().isEmpty()) {
            return;
        }
        for (var entry : evaluation.verdicts().entrySet()) {
            Verdict verdict = entry.getValue();
            metrics.score(entry.getKey(), verdict.method().name(), verdict.score(), verdict.threshold());
            AlarmState state = alarm(entry.getKey());
            switch (gate.decide(state, verdict.drifted(), WindowEvaluation.cleared(verdict), window.end())) {
                case OPEN -> open(entry.getKey(), evaluation, window);
                case RESOLVE -> resolve(entry.getKey(), state, verdict.method().name(), verdict.score(),
                        AlarmGate.band(verdict.threshold(), verdict.pValue().isPresent()), "BELOW_THRESHOLD", window,
                        List.of());
                case NONE -> { }
            }
        }
        if (predictions != null) {
            return;
        }
        double share = evaluation.driftedShare();
        AlarmState viewState = alarm(null);
        switch (gate.decide(viewState, share >= monitor.driftShare(), evaluation.uncleared() < monitor.driftShare(),
                window.end())) {
            case OPEN -> open(null, evaluation, window);
            case RESOLVE -> resolve(null, viewState, viewState.method(), share, monitor.driftShare(), "BELOW_THRESHOLD",
                    window, List.of());
            case NONE -> { }
        }
    }

    private AlarmState alarm(String feature) {
        byte[] bytes = store.get(feature == null ? VIEW_ALARM : ALARM + feature);
        return bytes == null ? AlarmState.NONE : AlarmState.decode(bytes);
    }

    private void open(String feature, WindowEvaluation evaluation, WindowCounts window) {
        String key = feature == null ? "" : feature;
        String id = events.eventId(key, window.end(), "detected");
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        DriftDetected detected = feature == null ? events.datasetDetected(id, now, reference, evaluation)
                : events.featureDetected(id, now, reference, evaluation, feature);
        store.put(ALARM + key, new AlarmState(true, id, now.toEpochMilli(), window.end(), detected.getMethod()).encode());
        metrics.alarm("opened");
        LOG.warn("Monitor {} detects drift of {}: {} {} against threshold {} (dataset {})", monitor.name(),
                feature == null ? "view " + view + " (share " + evaluation.driftedShare() + ")" : feature,
                detected.getMethod(), detected.getScore(), detected.getThreshold(), reference.datasetId());
        context.forward(new Record<>(outputKey(feature), detected, window.end()));
    }

    private void resolve(String feature, AlarmState state, String method, double score, double threshold,
                         String reason, WindowCounts window, List<String> becauseOf) {
        String key = feature == null ? "" : feature;
        String id = events.eventId(key, window.end(), "resolved-" + state.eventId());
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        store.put(ALARM + key, state.closed().encode());
        metrics.alarm("resolved");
        LOG.info("Monitor {} resolves the drift of {} ({})", monitor.name(), feature == null ? "view " + view : feature,
                reason);
        context.forward(new Record<>(outputKey(feature), events.resolved(id, now, state.eventId(), state.openedAt(),
                feature == null ? null : AlarmEvents.ref(view, feature), method,
                Double.isNaN(score) ? 0 : score, Double.isNaN(threshold) ? 0 : threshold, reason, window.start(),
                window.end(), window.records(), becauseOf), Math.max(window.end(), 0)));
    }

    private String outputKey(String feature) {
        return feature == null ? monitor.name() : monitor.name() + "/" + AlarmEvents.ref(view, feature);
    }
}

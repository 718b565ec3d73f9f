package dev.flywheel.drift.stream;

import dev.flywheel.drift.alarm.AlarmGate;
import dev.flywheel.drift.alarm.AlarmState;
import dev.flywheel.drift.detect.Adwin;
import dev.flywheel.drift.detect.Change;
import dev.flywheel.drift.detect.ChangeDetector;
import dev.flywheel.drift.detect.PageHinkley;
import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.schemas.events.DriftKind;
import dev.flywheel.schemas.events.DriftResolved;
import dev.flywheel.schemas.events.ModelPromoted;
import dev.flywheel.schemas.events.ModelStage;
import dev.flywheel.schemas.events.ModelVersion;
import dev.flywheel.schemas.events.Severity;
import dev.flywheel.topology.spec.ErrorRateDetector;
import dev.flywheel.topology.spec.MonitorSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The concept-drift monitor on its single partition: feeds each error (0/1) to the spec's detector (ADWIN or
 * Page-Hinkley) and turns its signals into alarms with the data monitor's discipline:
 *
 * <ul>
 *   <li>a signal that the error rate <b>rose</b> opens an alarm ({@code DriftDetected}, kind CONCEPT), unless one
 *       is open (no repeats) or the cooldown (event time since the error that opened the last) is running;
 *   <li>a signal that it <b>fell</b> closes the open alarm ({@code DriftResolved}, BELOW_THRESHOLD): the
 *       detector's own test is the hysteresis, a new rate must be established before the alarm closes;
 *   <li>a promotion of the champion closes it (REFERENCE_CHANGED) and starts the detector and the cooldown
 *       afresh: a new model's errors are new evidence.
 * </ul>
 *
 * <p>Store keys: {@code detector} (its state), {@code segment} (errors since the last signal: count, sum, first
 * and last event time, for the window an alarm reports), {@code alarm:} ({@link AlarmState}), {@code champion}
 * ({@link ReferenceTarget} of the last promotion).
 */
final class ConceptProcessor implements Processor<String, MonitorInput, String, SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(ConceptProcessor.class);
    private static final String DETECTOR = "detector";
    private static final String SEGMENT = "segment";
    private static final String ALARM = "alarm:";
    private static final String CHAMPION = "champion";

    private final MonitorSpec monitor;
    private final String storeName;
    private final Optional<String> championOf;
    private final DriftMetrics metrics;
    private final AlarmGate gate;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, byte[]> store;
    private ChangeDetector detector;

    ConceptProcessor(MonitorSpec monitor, String storeName, Optional<String> championOf, DriftMetrics metrics) {
        this.monitor = monitor;
        this.storeName = storeName;
        this.championOf = championOf;
        this.metrics = metrics;
        this.gate = new AlarmGate(monitor.cooldown());
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        byte[] bytes = store.get(DETECTOR);
        detector = bytes == null ? fresh() : ChangeDetector.decode(bytes);
    }

    private ChangeDetector fresh() {
        return monitor.detector() == ErrorRateDetector.ADWIN ? new Adwin(Adwin.DEFAULT_DELTA) : new PageHinkley();
    }

    @Override
    public void process(Record<String, MonitorInput> record) {
        if (record.value() instanceof MonitorInput.ReferenceEvent event) {
            promotion(event.event()).ifPresent(target -> switchChampion(target, record.timestamp()));
        } else if (record.value() instanceof MonitorInput.Observation observation
                && observation.values().get(ErrorScorer.ERROR) instanceof Double error) {
            observe(error, record.timestamp());
        }
    }

    private Optional<ReferenceTarget> champion() {
        return Optional.ofNullable(store.get(CHAMPION)).map(ReferenceTarget::decode);
    }

    private Optional<ReferenceTarget> promotion(SpecificRecord event) {
        Optional<Integer> known = champion().flatMap(ReferenceTarget::version);
        if (event instanceof ModelPromoted promoted && championOf.filter(promoted.getModel()::equals).isPresent()
                && !known.equals(Optional.of(promoted.getVersion()))) {
            return Optional.of(new ReferenceTarget("", List.of(promoted.getEventId()), Optional.of(promoted.getModel()),
                    Optional.of(promoted.getVersion())));
        }
        if (event instanceof ModelVersion version && championOf.filter(version.getModel()::equals).isPresent()
                && version.getStage() == ModelStage.PRODUCTION && known.map(v -> version.getVersion() > v).orElse(true)) {
            return Optional.of(new ReferenceTarget("", List.of(version.getEventId()), Optional.of(version.getModel()),
                    Optional.of(version.getVersion())));
        }
        return Optional.empty();
    }

    private void switchChampion(ReferenceTarget target, long time) {
        AlarmState state = alarm();
        if (state.open()) {
            resolve(state, Double.NaN, Double.NaN, "REFERENCE_CHANGED", segment(), time);
        }
        store.put(CHAMPION, target.encode());
        store.delete(ALARM);
        store.delete(SEGMENT);
        detector = fresh();
        store.put(DETECTOR, detector.encode());
        metrics.referenceSwitched();
        LOG.info("Monitor {} watches the errors of {} v{} afresh", monitor.name(), target.model().orElse("?"),
                target.version().orElse(0));
    }

    private void observe(double error, long time) {
        metrics.record("counted");
        long[] segment = segment();
        segment[0]++;
        segment[1] += (long) error;
        segment[2] = segment[0] == 1 ? time : Math.min(segment[2], time);
        segment[3] = segment[0] == 1 ? time : Math.max(segment[3], time);
        if (detector.add(error)) {
            Change change = detector.lastChange().orElseThrow();
            metrics.window();
            AlarmState state = alarm();
            switch (gate.decideOnChange(state, change.direction(), time)) {
                case OPEN -> open(change, segment, time);
                case RESOLVE -> resolve(state, change.score(), change.threshold(), "BELOW_THRESHOLD", segment, time);
                case NONE -> { }
            }
            segment = new long[] {0, 0, 0, 0};
        }
        store.put(SEGMENT, ByteBuffer.allocate(4 * Long.BYTES).putLong(segment[0]).putLong(segment[1])
                .putLong(segment[2]).putLong(segment[3]).array());
        store.put(DETECTOR, detector.encode());
    }

    /** Errors since the last signal: count, errors, first and last event time. */
    private long[] segment() {
        byte[] bytes = store.get(SEGMENT);
        if (bytes == null) {
            return new long[] {0, 0, 0, 0};
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new long[] {buffer.getLong(), buffer.getLong(), buffer.getLong(), buffer.getLong()};
    }

    private AlarmState alarm() {
        byte[] bytes = store.get(ALARM);
        return bytes == null ? AlarmState.NONE : AlarmState.decode(bytes);
    }

    private String eventId(long time, String kind) {
        return UUID.nameUUIDFromBytes((monitor.name() + "|concept|" + time + "|" + kind)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    private void open(Change change, long[] segment, long time) {
        String id = eventId(time, "detected");
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        Optional<ReferenceTarget> champion = champion();
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("error_rate_before", change.meanBefore());
        if (!Double.isNaN(change.meanAfter())) {
            scores.put("error_rate_after", change.meanAfter());
        }
        scores.put("error_rate_since_last_signal", segment[0] == 0 ? 0 : (double) segment[1] / segment[0]);
        String method = monitor.detector().name();
        DriftDetected detected = DriftDetected.newBuilder().setEventId(id).setOccurredAt(now)
                .setCauses(champion.map(ReferenceTarget::causes).orElse(List.of())).setMonitor(monitor.name())
                .setKind(DriftKind.CONCEPT).setView(null).setFeature(null).setDriftedFeatures(List.of())
                .setMethod(method).setScore(change.score()).setThreshold(change.threshold()).setPValue(null)
                .setFeatureScores(scores).setDriftedShare(1.0)
                .setSeverity(change.score() >= 2 * change.threshold() ? Severity.HIGH : Severity.MEDIUM)
                .setWindowStart(Instant.ofEpochMilli(segment[2])).setWindowEnd(Instant.ofEpochMilli(time))
                .setWindowSize(segment[0]).setReferenceSize(change.valuesBefore()).setReferenceDatasetId(null)
                .setModel(champion.flatMap(ReferenceTarget::model).or(() -> championOf).orElse(null))
                .setModelVersion(champion.flatMap(ReferenceTarget::version).orElse(null)).setTopBins(List.of()).build();
        store.put(ALARM, new AlarmState(true, id, now.toEpochMilli(), time, method).encode());
        metrics.alarm("opened");
        LOG.warn("Monitor {} detects concept drift: the error rate rose from {} ({} {} against {})", monitor.name(),
                change.meanBefore(), method, change.score(), change.threshold());
        context.forward(new Record<>(monitor.name(), detected, time));
    }

    private void resolve(AlarmState state, double score, double threshold, String reason, long[] segment, long time) {
        String id = eventId(time, "resolved-" + state.eventId());
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        store.put(ALARM, state.closed().encode());
        metrics.alarm("resolved");
        LOG.info("Monitor {} resolves its concept drift ({})", monitor.name(), reason);
        DriftResolved resolved = DriftResolved.newBuilder().setEventId(id).setOccurredAt(now)
                .setCauses(List.of(state.eventId())).setDetectedEventId(state.eventId()).setMonitor(monitor.name())
                .setKind(DriftKind.CONCEPT).setView(null).setFeature(null).setMethod(state.method())
                .setScore(Double.isNaN(score) ? 0 : score).setThreshold(Double.isNaN(threshold) ? 0 : threshold)
                .setReason(reason).setDetectedAt(Instant.ofEpochMilli(state.openedAt()))
                .setWindowStart(Instant.ofEpochMilli(segment[0] == 0 ? time : segment[2]))
                .setWindowEnd(Instant.ofEpochMilli(time)).setWindowSize(segment[0]).build();
        context.forward(new Record<>(monitor.name(), resolved, time));
    }
}

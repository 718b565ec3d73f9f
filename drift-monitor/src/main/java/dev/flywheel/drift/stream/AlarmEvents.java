package dev.flywheel.drift.stream;

import dev.flywheel.drift.profile.ReferenceProfile;
import dev.flywheel.drift.stats.BinShare;
import dev.flywheel.drift.stats.Verdict;
import dev.flywheel.schemas.events.BinContribution;
import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.schemas.events.DriftKind;
import dev.flywheel.schemas.events.DriftResolved;
import dev.flywheel.schemas.events.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the {@code DriftDetected} and {@code DriftResolved} events of a monitor. Event ids are derived from
 * the monitor, the alarm key and the window end, so a replayed window yields the same id.
 */
final class AlarmEvents {

    /** Bins reported as the evidence of an alarm. */
    static final int TOP_BINS = 5;

    private final String monitor;
    private final String view;
    private final DriftKind kind;

    /**
     * @param monitor the monitor name
     * @param view the view (data drift), or the predictions topic (prediction drift, reported in the feature
     *             ref only: the events' {@code view} is for data drift)
     * @param kind DATA or PREDICTION
     */
    AlarmEvents(String monitor, String view, DriftKind kind) {
        this.monitor = monitor;
        this.view = view;
        this.kind = kind;
    }

    static String ref(String view, String feature) {
        return view + ":" + feature;
    }

    String eventId(String key, long windowEnd, String kind) {
        return UUID.nameUUIDFromBytes((monitor + "|" + key + "|" + windowEnd + "|" + kind)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    DriftDetected featureDetected(String eventId, Instant now, MonitorReference reference, WindowEvaluation evaluation,
                                  String feature) {
        Verdict verdict = evaluation.verdicts().get(feature);
        Severity severity = verdict.pValue().isPresent() ? (verdict.score() < verdict.threshold() / 10 ? Severity.HIGH
                : Severity.MEDIUM) : verdict.score() >= 2 * verdict.threshold() ? Severity.HIGH : Severity.MEDIUM;
        return detected(eventId, now, reference, evaluation, ref(view, feature), verdict, severity,
                topBins(reference, feature, verdict));
    }

    DriftDetected datasetDetected(String eventId, Instant now, MonitorReference reference, WindowEvaluation evaluation) {
        // The dataset alarm reports the feature with the largest drift relative to its threshold.
        String worst = worst(evaluation);
        Verdict verdict = evaluation.verdicts().get(worst);
        List<BinContribution> bins = new ArrayList<>();
        for (String feature : evaluation.drifted()) {
            bins.addAll(topBins(reference, feature, evaluation.verdicts().get(feature)));
        }
        bins.sort(Comparator.comparingDouble(BinContribution::getContribution).reversed());
        Severity severity = evaluation.driftedShare() >= 1 ? Severity.HIGH : Severity.MEDIUM;
        return detected(eventId, now, reference, evaluation, null, verdict, severity,
                bins.subList(0, Math.min(TOP_BINS, bins.size())));
    }

    static String worst(WindowEvaluation evaluation) {
        return evaluation.verdicts().entrySet().stream().max(Comparator.comparingDouble(entry -> exceedance(entry.getValue())))
                .map(Map.Entry::getKey).orElseThrow();
    }

    private static double exceedance(Verdict verdict) {
        return verdict.pValue().isPresent() ? verdict.threshold() / Math.max(verdict.score(), Double.MIN_NORMAL)
                : verdict.score() / verdict.threshold();
    }

    private DriftDetected detected(String eventId, Instant now, MonitorReference reference, WindowEvaluation evaluation,
                                   String feature, Verdict verdict, Severity severity, List<BinContribution> bins) {
        Map<String, Double> scores = new LinkedHashMap<>();
        evaluation.verdicts().forEach((name, each) -> scores.put(ref(view, name), each.score()));
        return DriftDetected.newBuilder().setEventId(eventId).setOccurredAt(now).setCauses(reference.causes())
                .setMonitor(monitor).setKind(kind).setView(kind == DriftKind.DATA ? view : null).setFeature(feature)
                .setDriftedFeatures(evaluation.drifted().stream().map(name -> ref(view, name)).toList())
                .setMethod(verdict.method().name()).setScore(verdict.score()).setThreshold(verdict.threshold())
                .setPValue(verdict.pValue().isPresent() ? verdict.pValue().getAsDouble() : null)
                .setFeatureScores(scores).setDriftedShare(evaluation.driftedShare()).setSeverity(severity)
                .setWindowStart(Instant.ofEpochMilli(evaluation.window().start()))
                .setWindowEnd(Instant.ofEpochMilli(evaluation.window().end()))
                .setWindowSize(verdict.windowSize()).setReferenceSize(verdict.referenceSize())
                .setReferenceDatasetId(reference.datasetId()).setModel(reference.model().orElse(null))
                .setModelVersion(reference.version().orElse(null)).setTopBins(bins).build();
    }

    private List<BinContribution> topBins(MonitorReference reference, String feature, Verdict verdict) {
        ReferenceProfile profile = reference.features().stream().filter(each -> each.name().equals(feature))
                .findFirst().orElseThrow().profile();
        List<BinContribution> bins = new ArrayList<>();
        for (BinShare bin : verdict.topBins(TOP_BINS)) {
            double lower = profile.lower(bin.bin());
            double upper = profile.upper(bin.bin());
            bins.add(BinContribution.newBuilder().setFeature(ref(view, feature)).setBin(profile.label(bin.bin()))
                    .setLower(Double.isNaN(lower) ? null : lower).setUpper(Double.isNaN(upper) ? null : upper)
                    .setReferenceShare(bin.referenceShare()).setWindowShare(bin.windowShare())
                    .setContribution(bin.contribution()).build());
        }
        return bins;
    }

    DriftResolved resolved(String eventId, Instant now, String detectedId, long detectedAt, String feature,
                           String method, double score, double threshold, String reason, long windowStart,
                           long windowEnd, long windowSize, List<String> becauseOf) {
        List<String> causes = new ArrayList<>(1 + becauseOf.size());
        causes.add(detectedId);
        causes.addAll(becauseOf);
        return DriftResolved.newBuilder().setEventId(eventId).setOccurredAt(now).setCauses(causes)
                .setDetectedEventId(detectedId).setMonitor(monitor).setKind(kind)
                .setView(kind == DriftKind.DATA ? view : null)
                .setFeature(feature).setMethod(method).setScore(score).setThreshold(threshold).setReason(reason)
                .setDetectedAt(Instant.ofEpochMilli(detectedAt)).setWindowStart(Instant.ofEpochMilli(windowStart))
                .setWindowEnd(Instant.ofEpochMilli(windowEnd)).setWindowSize(windowSize).build();
    }
}

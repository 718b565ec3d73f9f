package dev.flywheel.drift.stream;

import dev.flywheel.drift.stats.Verdict;
import dev.flywheel.drift.window.WindowCounts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One closed window compared with the reference, feature by feature.
 *
 * @param window the window's counts and bounds
 * @param verdicts the verdict per feature name (features with values in the window only)
 */
record WindowEvaluation(WindowCounts window, Map<String, Verdict> verdicts) {

    static WindowEvaluation of(MonitorReference reference, WindowCounts window) {
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        for (MonitorReference.Feature feature : reference.features()) {
            long[] counts = window.slice(feature.offset(), feature.profile().bins());
            if (java.util.Arrays.stream(counts).sum() > 0 && feature.profile().total() > 0) {
                verdicts.put(feature.name(), feature.choice().statistic().evaluate(feature.profile(), counts,
                        feature.choice().threshold()));
            }
        }
        return new WindowEvaluation(window, verdicts);
    }

    /** Returns the features that crossed their threshold. */
    List<String> drifted() {
        return verdicts.entrySet().stream().filter(entry -> entry.getValue().drifted()).map(Map.Entry::getKey).toList();
    }

    /** Returns the share of evaluated features that crossed their threshold (0 when none was evaluated). */
    double driftedShare() {
        return verdicts.isEmpty() ? 0 : (double) drifted().size() / verdicts.size();
    }

    /** Returns the share of evaluated features not yet back under their hysteresis band. */
    double uncleared() {
        return verdicts.isEmpty() ? 0 : (double) verdicts.values().stream().filter(verdict -> !cleared(verdict)).count()
                / verdicts.size();
    }

    static boolean cleared(Verdict verdict) {
        return dev.flywheel.drift.alarm.AlarmGate.cleared(verdict.score(), verdict.threshold(),
                verdict.pValue().isPresent());
    }
}

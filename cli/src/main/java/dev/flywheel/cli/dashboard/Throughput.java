package dev.flywheel.cli.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Throughput from the stages' Micrometer counters: totals since start, per-second rates between two samples, and a
 * short history of the rates for the overview chart. Counters are summed per meter name ("families") and per
 * meter name and subject tag (a source, view or monitor), so a stage's row can show its own rate.
 */
final class Throughput {

    /** The counter families the overview shows, in order, with their labels. */
    static final Map<String, String> FAMILIES = families();

    /** The tags that name what a counter is about. */
    private static final List<String> SUBJECT_TAGS = List.of("source", "view", "monitor", "model");

    private final MeterRegistry meters;
    private final int historySize;
    private final Deque<Map<String, Object>> history = new ArrayDeque<>();
    private Map<String, Double> previous = Map.of();
    private long previousMillis = -1;
    private Map<String, Double> rates = Map.of();

    Throughput(MeterRegistry meters, int historySize) {
        this.meters = meters;
        this.historySize = historySize;
    }

    private static Map<String, String> families() {
        Map<String, String> families = new LinkedHashMap<>();
        families.put("flywheel.ingestion.accepted", "accepted");
        families.put("flywheel.ingestion.rejected", "rejected");
        families.put("flywheel.ingest.http.records", "http ingest");
        families.put("flywheel.features.events.in", "feature events in");
        families.put("flywheel.features.rows.out", "feature rows out");
        families.put("flywheel.online.rows.written", "online rows");
        families.put("flywheel.offline.rows.written", "offline rows");
        families.put("flywheel.drift.records", "drift records");
        families.put("flywheel.drift.alarms", "drift alarms");
        families.put("flywheel.dlq.rejected", "stage rejections");
        families.put("flywheel.registry.registrations", "registrations");
        return java.util.Collections.unmodifiableMap(families);
    }

    /** Every flywheel counter summed by family and by {@code family{tag=value}}. */
    Map<String, Double> counts() {
        Map<String, Double> counts = new TreeMap<>();
        for (Meter meter : meters.getMeters()) {
            String name = meter.getId().getName();
            if (!name.startsWith("flywheel.")) {
                continue;
            }
            double count;
            if (meter instanceof Counter counter) {
                count = counter.count();
            } else if (meter instanceof FunctionCounter counter) {
                count = counter.count();
            } else {
                continue;
            }
            counts.merge(name, count, Double::sum);
            for (String tag : SUBJECT_TAGS) {
                String value = meter.getId().getTag(tag);
                if (value != null) {
                    counts.merge(name + "{" + tag + "=" + value + "}", count, Double::sum);
                }
            }
        }
        return counts;
    }

    /**
     * Takes a sample: the rates since the previous one, appended to the history.
     *
     * @param nowMillis the time of the sample
     */
    synchronized void sample(long nowMillis) {
        Map<String, Double> counts = counts();
        if (previousMillis >= 0 && nowMillis > previousMillis) {
            double seconds = (nowMillis - previousMillis) / 1000.0;
            Map<String, Double> next = new TreeMap<>();
            counts.forEach((key, count) -> next.put(key, Math.max(0, count - previous.getOrDefault(key, 0.0))
                    / seconds));
            rates = next;
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("t", nowMillis);
            Map<String, Double> families = new LinkedHashMap<>();
            FAMILIES.keySet().forEach(family -> families.put(family, next.getOrDefault(family, 0.0)));
            point.put("rates", families);
            history.addLast(point);
            while (history.size() > historySize) {
                history.removeFirst();
            }
        }
        previous = counts;
        previousMillis = nowMillis;
    }

    /** The rates of the last sample, per second. */
    synchronized Map<String, Double> rates() {
        return rates;
    }

    /** The rate history, oldest first. */
    synchronized List<Map<String, Object>> history() {
        return new ArrayList<>(history);
    }

    /**
     * A stage's rate: the counters of its family whose subject is in the stage's name (e.g. source
     * {@code transactions} in {@code ingestion-transactions}), or the whole family when none is.
     */
    synchronized Double stageRate(String stage) {
        String family = familyOf(stage);
        if (family == null) {
            return null;
        }
        double own = 0;
        boolean found = false;
        for (Map.Entry<String, Double> rate : rates.entrySet()) {
            String key = rate.getKey();
            if (key.startsWith(family + "{")) {
                String subject = key.substring(key.indexOf('=') + 1, key.length() - 1);
                if (stage.contains(subject)) {
                    own += rate.getValue();
                    found = true;
                }
            }
        }
        return found ? own : rates.getOrDefault(family, 0.0);
    }

    private static String familyOf(String stage) {
        if (stage.startsWith("offline")) {
            return "flywheel.offline.rows.written";
        } else if (stage.contains("ingest")) {
            return "flywheel.ingestion.accepted";
        } else if (stage.contains("feature")) {
            return "flywheel.features.events.in";
        } else if (stage.contains("drift")) {
            return "flywheel.drift.records";
        } else if (stage.contains("registry")) {
            return "flywheel.registry.registrations";
        }
        return null;
    }

    /** Rejections by dead-letter topic's source topic and reason code, from the ingestion and stage counters. */
    List<Map<String, Object>> rejectionsByReason() {
        Map<String, Double> byKey = new TreeMap<>();
        for (Meter meter : meters.getMeters()) {
            String name = meter.getId().getName();
            if ((name.equals("flywheel.ingestion.rejected") || name.equals("flywheel.dlq.rejected"))
                    && meter instanceof Counter counter) {
                String topic = meter.getId().getTag("topic");
                String reason = meter.getId().getTag("reason");
                byKey.merge(topic + "\u0000" + reason, counter.count(), Double::sum);
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        byKey.forEach((key, count) -> {
            String[] parts = key.split("\u0000", 2);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("topic", parts[0]);
            row.put("reason", parts[1]);
            row.put("count", Math.round(count));
            rows.add(row);
        });
        return rows;
    }
}

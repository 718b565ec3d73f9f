package dev.flywheel.cli.dashboard;

import dev.flywheel.registry.lineage.Lineage;
import dev.flywheel.registry.lineage.LineageNode;
import dev.flywheel.schemas.events.BinContribution;
import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.schemas.events.DriftResolved;
import dev.flywheel.schemas.events.ModelVersion;
import dev.flywheel.schemas.events.TrainingJobStatus;
import dev.flywheel.schemas.events.TrainingRequested;
import dev.flywheel.schemas.events.TrainingState;
import dev.flywheel.topology.runtime.Health;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;

/** Turns backbone events and registry answers into the JSON shapes the dashboard's pages draw. */
final class DashboardViews {

    /** The series name of a monitor-level score (no single feature). */
    static final String OVERALL = "(overall)";

    private DashboardViews() {
    }

    /** Drift score series per monitor and feature, oldest point first, each with the latest alarm's bins. */
    static List<Map<String, Object>> driftSeries(List<SpecificRecord> events) {
        Map<String, Map<String, Object>> series = new TreeMap<>();
        for (SpecificRecord event : events) {
            if (event instanceof DriftDetected detected) {
                String feature = detected.getFeature() != null ? detected.getFeature() : OVERALL;
                Map<String, Object> one = series(series, detected.getMonitor(), feature, detected.getMethod());
                points(one).add(point(detected.getWindowEnd(), detected.getScore(), detected.getThreshold(),
                        "detected", detected.getSeverity().name()));
                one.put("threshold", detected.getThreshold());
                one.put("state", "drifting");
                one.put("bins", bins(detected.getTopBins(), detected.getFeature()));
                one.put("bins_at", detected.getWindowEnd().toString());
                detected.getFeatureScores().forEach((name, score) -> {
                    if (!name.equals(detected.getFeature())) {
                        Map<String, Object> perFeature = series(series, detected.getMonitor(), name,
                                detected.getMethod());
                        points(perFeature).add(point(detected.getWindowEnd(), score, null, "detected", null));
                        perFeature.put("bins", bins(detected.getTopBins(), name));
                        perFeature.put("bins_at", detected.getWindowEnd().toString());
                    }
                });
            } else if (event instanceof DriftResolved resolved) {
                String feature = resolved.getFeature() != null ? resolved.getFeature() : OVERALL;
                Map<String, Object> one = series(series, resolved.getMonitor(), feature, resolved.getMethod());
                points(one).add(point(resolved.getWindowEnd(), resolved.getScore(), resolved.getThreshold(),
                        "resolved", null));
                one.put("threshold", resolved.getThreshold());
                one.put("state", "resolved");
            }
        }
        return List.copyOf(series.values());
    }

    private static Map<String, Object> series(Map<String, Map<String, Object>> all, String monitor, String feature,
                                              String method) {
        return all.computeIfAbsent(monitor + "/" + feature, key -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("id", key);
            one.put("monitor", monitor);
            one.put("feature", feature);
            one.put("method", method);
            one.put("threshold", null);
            one.put("state", "drifting");
            one.put("points", new ArrayList<Map<String, Object>>());
            one.put("bins", List.of());
            one.put("bins_at", null);
            return one;
        });
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> points(Map<String, Object> series) {
        return (List<Map<String, Object>>) series.get("points");
    }

    private static Map<String, Object> point(Instant at, double score, Double threshold, String kind,
                                             String severity) {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("t", at.toEpochMilli());
        point.put("score", score);
        point.put("threshold", threshold);
        point.put("kind", kind);
        point.put("severity", severity);
        return point;
    }

    /** The window-against-reference shares of the bins an alarm reported for a feature (all of them for null). */
    private static List<Map<String, Object>> bins(List<BinContribution> bins, String feature) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (BinContribution bin : bins) {
            if (feature == null || bin.getFeature().equals(feature) || bin.getFeature().endsWith(":" + feature)) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("feature", bin.getFeature());
                row.put("bin", bin.getBin());
                row.put("reference_share", bin.getReferenceShare());
                row.put("window_share", bin.getWindowShare());
                row.put("contribution", bin.getContribution());
                rows.add(row);
            }
        }
        return rows;
    }

    /** Training requests joined with their jobs' statuses, newest request first. */
    static List<Map<String, Object>> trainingJobs(List<SpecificRecord> events) {
        Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
        for (SpecificRecord event : events) {
            if (event instanceof TrainingRequested requested) {
                Map<String, Object> job = job(jobs, requested.getRequestId(), requested.getModel());
                job.put("trigger", requested.getTrigger().name());
                job.put("reason", requested.getReason());
                job.put("requested_by", requested.getRequestedBy());
                job.put("requested_at", requested.getOccurredAt().toEpochMilli());
                job.put("causes", requested.getCauses());
                job.put("backend", requested.getBackend());
                job.put("tuning", requested.getTuning());
            } else if (event instanceof TrainingJobStatus status) {
                Map<String, Object> job = job(jobs, status.getRequestId(), status.getModel());
                job.put("state", status.getState().name());
                job.put("job_name", status.getJobName());
                job.put("backend", status.getBackend());
                job.put("status_reason", status.getReason());
                job.put("metrics", new TreeMap<>(status.getMetrics()));
                job.put("model_uri", status.getModelUri());
                if (status.getStartedAt() != null) {
                    job.put("started_at", status.getStartedAt().toEpochMilli());
                }
                if (status.getFinishedAt() != null) {
                    job.put("finished_at", status.getFinishedAt().toEpochMilli());
                }
                if (job.get("started_at") instanceof Long start && job.get("finished_at") instanceof Long end) {
                    job.put("duration_ms", end - start);
                }
                job.put("updated_at", status.getOccurredAt().toEpochMilli());
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> history = (List<Map<String, Object>>) job.get("history");
                Map<String, Object> step = new LinkedHashMap<>();
                step.put("state", status.getState().name());
                step.put("at", status.getOccurredAt().toEpochMilli());
                step.put("reason", status.getReason());
                history.add(step);
            }
        }
        List<Map<String, Object>> newestFirst = new ArrayList<>(jobs.values());
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }

    private static Map<String, Object> job(Map<String, Map<String, Object>> jobs, String requestId, String model) {
        return jobs.computeIfAbsent(requestId, id -> {
            Map<String, Object> job = new LinkedHashMap<>();
            job.put("request_id", id);
            job.put("model", model);
            job.put("state", "REQUESTED");
            job.put("causes", List.of());
            job.put("metrics", Map.of());
            job.put("history", new ArrayList<Map<String, Object>>());
            return job;
        });
    }

    /** A model version with the Avro field names, times in ISO-8601. */
    static Map<String, Object> version(ModelVersion version) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", version.getModel());
        json.put("version", version.getVersion());
        json.put("stage", version.getStage().name());
        json.put("artifact_uri", version.getArtifactUri());
        json.put("metrics", new TreeMap<>(version.getMetrics()));
        json.put("hyperparameters", new TreeMap<>(version.getHyperparameters()));
        json.put("dataset_id", version.getDatasetId());
        json.put("request_id", version.getRequestId());
        json.put("causes", version.getCauses());
        json.put("created_at", version.getCreatedAt().toString());
        json.put("updated_at", version.getUpdatedAt().toString());
        json.put("description", version.getDescription());
        return json;
    }

    /** A lineage as a graph: one node per event and one for the version, an edge from each cause to its effect. */
    static Map<String, Object> lineageGraph(Lineage lineage) {
        List<Map<String, Object>> nodes = new ArrayList<>();
        List<Map<String, Object>> edges = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        String versionId = "version:" + lineage.model() + "/" + lineage.version();
        nodes.add(node(versionId, "ModelVersion", lineage.model() + " v" + lineage.version(), null,
                Map.of("artifact_uri", String.valueOf(lineage.artifactUri()))));
        ids.add(versionId);
        for (LineageNode event : lineage.events()) {
            if (ids.add(event.eventId())) {
                nodes.add(node(event.eventId(), event.type(), label(event), event.occurredAt(), event.attributes()));
            }
        }
        for (LineageNode event : lineage.events()) {
            if (event.type().equals("TrainingJobStatus")) {
                edges.add(edge(event.eventId(), versionId));
            }
            for (String cause : event.causes()) {
                if (ids.contains(cause)) {
                    edges.add(edge(cause, event.eventId()));
                }
            }
        }
        Map<String, Object> graph = new LinkedHashMap<>();
        graph.put("nodes", nodes);
        graph.put("edges", edges);
        graph.put("roots", lineage.roots());
        graph.put("feature_views", lineage.featureViews());
        graph.put("features", lineage.features());
        graph.put("missing", lineage.missing());
        return graph;
    }

    private static String label(LineageNode event) {
        Map<String, String> a = event.attributes();
        String detail = a.getOrDefault("monitor", a.getOrDefault("dataset_id", a.getOrDefault("state",
                a.getOrDefault("view", a.getOrDefault("trigger", "")))));
        return detail.isEmpty() ? event.type() : event.type() + "\n" + detail;
    }

    private static Map<String, Object> node(String id, String type, String label, Long at, Map<String, String> attrs) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("id", id);
        node.put("type", type);
        node.put("label", label);
        node.put("occurred_at", at);
        node.put("attributes", new TreeMap<>(attrs));
        return node;
    }

    private static Map<String, Object> edge(String from, String to) {
        return Map.of("from", from, "to", to);
    }

    /** Recent alarms, newest first: stages not up, drift detected or resolved, failed training jobs. */
    static List<Map<String, Object>> alarms(Map<String, Health> health, List<SpecificRecord> drift,
                                            List<SpecificRecord> training, int limit) {
        List<Map<String, Object>> alarms = new ArrayList<>();
        health.forEach((stage, h) -> {
            if (!h.isUp()) {
                alarms.add(alarm(h.since().toEpochMilli(), h.status() == dev.flywheel.topology.runtime.HealthStatus
                        .DOWN ? "error" : "warning", "stage", stage + " is " + h.status() + ": " + h.reason()));
            }
        });
        for (SpecificRecord event : drift) {
            if (event instanceof DriftDetected d) {
                alarms.add(alarm(d.getOccurredAt().toEpochMilli(), d.getSeverity().name().toLowerCase(java.util.Locale
                        .ROOT), "drift", String.format(java.util.Locale.ROOT, "drift on %s%s: %s %.3f >= %.3f",
                        d.getMonitor(), d.getFeature() == null ? "" : "/" + d.getFeature(), d.getMethod(),
                        d.getScore(), d.getThreshold())));
            } else if (event instanceof DriftResolved r) {
                alarms.add(alarm(r.getOccurredAt().toEpochMilli(), "ok", "drift", "resolved on " + r.getMonitor()
                        + (r.getFeature() == null ? "" : "/" + r.getFeature()) + ": " + r.getReason()));
            }
        }
        for (SpecificRecord event : training) {
            if (event instanceof TrainingJobStatus s && s.getState() == TrainingState.FAILED) {
                alarms.add(alarm(s.getOccurredAt().toEpochMilli(), "error", "training", "job " + s.getJobName()
                        + " of " + s.getModel() + " failed" + (s.getReason() == null ? "" : ": " + s.getReason())));
            }
        }
        alarms.sort(Comparator.comparingLong((Map<String, Object> a) -> (Long) a.get("at")).reversed());
        return alarms.subList(0, Math.min(limit, alarms.size()));
    }

    private static Map<String, Object> alarm(long at, String level, String kind, String text) {
        Map<String, Object> alarm = new LinkedHashMap<>();
        alarm.put("at", at);
        alarm.put("level", level);
        alarm.put("kind", kind);
        alarm.put("text", text);
        return alarm;
    }
}

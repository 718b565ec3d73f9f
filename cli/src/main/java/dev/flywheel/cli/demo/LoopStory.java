package dev.flywheel.cli.demo;

import dev.flywheel.schemas.events.DataAvailable;
import dev.flywheel.schemas.events.DatasetSnapshot;
import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.schemas.events.DriftResolved;
import dev.flywheel.schemas.events.ModelPromoted;
import dev.flywheel.schemas.events.ModelVersion;
import dev.flywheel.schemas.events.TrainingJobStatus;
import dev.flywheel.schemas.events.TrainingRequested;
import dev.flywheel.schemas.events.TrainingState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the demo has seen of the loop, folded from the backbone events {@link LoopWatcher} reads, and told to a
 * {@link Narrator} as it happens. Thread-safe: the watcher's thread writes, the demo's thread reads.
 */
public final class LoopStory {

    private final Narrator narrator;
    private final Map<String, Long> offlineRows = new HashMap<>();
    private final List<DriftDetected> alarms = new ArrayList<>();
    private final List<DriftResolved> resolutions = new ArrayList<>();
    private final List<TrainingRequested> requests = new ArrayList<>();
    private final Map<String, TrainingJobStatus> latestStatus = new LinkedHashMap<>();
    private final List<DatasetSnapshot> datasets = new ArrayList<>();
    private final Map<Integer, ModelVersion> versions = new LinkedHashMap<>();
    private final List<ModelPromoted> promotions = new ArrayList<>();
    private long events;

    /** Tells each step to {@code narrator}. */
    public LoopStory(Narrator narrator) {
        this.narrator = narrator;
    }

    /** Folds one event; the {@link LoopWatcher}'s listener. */
    public synchronized void accept(String topic, SpecificRecord event) {
        events++;
        if (event instanceof DataAvailable available) {
            offlineRows.merge(available.getView(), available.getRowCount(), Long::sum);
            return;
        }
        if (event instanceof DriftDetected alarm) {
            alarms.add(alarm);
        } else if (event instanceof DriftResolved resolved) {
            resolutions.add(resolved);
        } else if (event instanceof TrainingRequested request) {
            requests.add(request);
        } else if (event instanceof TrainingJobStatus status) {
            TrainingJobStatus before = latestStatus.put(status.getRequestId(), status);
            if (before != null && before.getState() == status.getState()) {
                return;
            }
        } else if (event instanceof DatasetSnapshot snapshot) {
            datasets.add(snapshot);
        } else if (event instanceof ModelVersion version) {
            ModelVersion before = versions.put(version.getVersion(), version);
            if (before != null && before.getStage() == version.getStage()) {
                return;
            }
        } else if (event instanceof ModelPromoted promoted) {
            promotions.add(promoted);
        } else {
            return;
        }
        narrator.tell(event);
    }

    /** Backbone events read so far. */
    public synchronized long events() {
        return events;
    }

    /** Rows the offline tier committed for a view or source, by {@code DataAvailable} events. */
    public synchronized long offlineRows(String name) {
        return offlineRows.getOrDefault(name, 0L);
    }

    /** Every drift alarm, in order. */
    public synchronized List<DriftDetected> alarms() {
        return List.copyOf(alarms);
    }

    /** Every closed alarm, in order. */
    public synchronized List<DriftResolved> resolutions() {
        return List.copyOf(resolutions);
    }

    /** Every training request, in order. */
    public synchronized List<TrainingRequested> requests() {
        return List.copyOf(requests);
    }

    /** The first request that matches. */
    public synchronized Optional<TrainingRequested> request(Predicate<TrainingRequested> which) {
        return requests.stream().filter(which).findFirst();
    }

    /** The latest status of a request, if any came. */
    public synchronized Optional<TrainingJobStatus> status(String requestId) {
        return Optional.ofNullable(latestStatus.get(requestId));
    }

    /** How many jobs ended in {@code state}. */
    public synchronized long jobs(TrainingState state) {
        return latestStatus.values().stream().filter(status -> status.getState() == state).count();
    }

    /** Every dataset snapshot, in order. */
    public synchronized List<DatasetSnapshot> datasets() {
        return List.copyOf(datasets);
    }

    /** The latest state of every version, by version. */
    public synchronized Map<Integer, ModelVersion> versions() {
        return Map.copyOf(versions);
    }

    /** Every promotion, in order. */
    public synchronized List<ModelPromoted> promotions() {
        return List.copyOf(promotions);
    }

    /** The latest promotion, if any. */
    public synchronized Optional<ModelPromoted> champion() {
        return promotions.isEmpty() ? Optional.empty() : Optional.of(promotions.get(promotions.size() - 1));
    }
}

package dev.flywheel.cli.dashboard;

import dev.flywheel.registry.ModelInfo;
import dev.flywheel.registry.RegistryNotFoundException;
import dev.flywheel.registry.lineage.Lineage;
import dev.flywheel.schemas.events.ModelVersion;
import dev.flywheel.topology.runtime.Health;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;

/** Sources the tests set by hand. */
final class FakeSources implements DashboardSources {

    final Map<String, Health> health = new LinkedHashMap<>();
    final List<TopicsSnapshot> snapshots = new ArrayList<>();
    final Map<String, List<TailRecord>> tails = new LinkedHashMap<>();
    final List<SpecificRecord> drift = new ArrayList<>();
    final List<SpecificRecord> training = new ArrayList<>();
    final List<ModelInfo> models = new ArrayList<>();
    final Map<String, List<ModelVersion>> versions = new LinkedHashMap<>();
    final Map<String, Lineage> lineages = new LinkedHashMap<>();
    Supplier<RuntimeException> failure;
    private int snapshot;

    @Override
    public Map<String, Health> health() {
        return health;
    }

    @Override
    public synchronized TopicsSnapshot topics() {
        fail();
        return snapshots.get(Math.min(snapshot++, snapshots.size() - 1));
    }

    @Override
    public Optional<List<TailRecord>> tail(String topic, int limit) {
        return Optional.ofNullable(tails.get(topic)).map(records -> records.subList(Math.max(0,
                records.size() - limit), records.size()));
    }

    @Override
    public List<SpecificRecord> driftEvents() {
        return drift;
    }

    @Override
    public List<SpecificRecord> trainingEvents() {
        return training;
    }

    @Override
    public List<ModelInfo> models() {
        fail();
        return models;
    }

    @Override
    public List<ModelVersion> versions(String model) {
        fail();
        List<ModelVersion> found = versions.get(model);
        if (found == null) {
            throw new RegistryNotFoundException("Unknown model '" + model + "'");
        }
        return found;
    }

    @Override
    public Lineage lineage(String model, int version) {
        Lineage found = lineages.get(model + "/" + version);
        if (found == null) {
            throw new RegistryNotFoundException("Model '" + model + "' has no version " + version);
        }
        return found;
    }

    private void fail() {
        if (failure != null) {
            throw failure.get();
        }
    }

    static TopicsSnapshot snapshot(Instant at, long valid, long committed) {
        return new TopicsSnapshot(List.of(new TopicStat("transactions", "EXTERNAL", 3, valid + 2),
                new TopicStat("transactions.valid", "FLYWHEEL", 3, valid),
                new TopicStat("transactions.dlq", "FLYWHEEL", 3, 2)),
                List.of(new GroupLag("flywheel-features-card_spend", "transactions.valid", committed, valid - committed)),
                at);
    }
}

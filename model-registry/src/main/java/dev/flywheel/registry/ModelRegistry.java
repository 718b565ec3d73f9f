package dev.flywheel.registry;

import dev.flywheel.registry.lineage.Lineage;
import dev.flywheel.registry.lineage.LineageWalker;
import dev.flywheel.registry.versions.ModelSummary;
import dev.flywheel.registry.versions.RegistryCommand;
import dev.flywheel.registry.versions.RegistryKeys;
import dev.flywheel.schemas.Events;
import dev.flywheel.schemas.events.ModelVersion;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.ModelSpec;
import dev.flywheel.topology.spec.PromotionSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * The registry's Java API, for the HTTP API and the CLI ({@code flywheel models list|versions|lineage|promote|
 * rollback}): reads come from the stores, writes are commands the registry topology applies in order with the
 * model's registrations. Promote and rollback are checked against the stores first (unknown version, already
 * champion), then sent and awaited for a bounded time.
 */
public final class ModelRegistry {

    private static final long POLL_MILLIS = 25;

    private final FlywheelSpec spec;
    private final RegistryStores stores;
    private final CommandSink commands;
    private final Clock clock;
    private final Duration commandWait;

    /**
     * Creates the API.
     *
     * @param spec the models
     * @param stores the registry's stores
     * @param commands where commands go
     * @param clock stamps commands
     * @param commandWait how long promote and rollback wait for the registry to apply them
     */
    public ModelRegistry(FlywheelSpec spec, RegistryStores stores, CommandSink commands, Clock clock,
                         Duration commandWait) {
        this.spec = spec;
        this.stores = stores;
        this.commands = commands;
        this.clock = clock;
        this.commandWait = commandWait;
    }

    /** Returns every model: the spec's, then any other with registered versions, by name. */
    public List<ModelInfo> models() {
        Map<String, ModelInfo> models = new TreeMap<>();
        spec.models().forEach(model -> models.put(model.name(), info(model.name(), summary(model.name()))));
        read(() -> {
            try (KeyValueIterator<String, ModelSummary> all = stores.models().all()) {
                all.forEachRemaining(entry -> models.putIfAbsent(entry.key, info(entry.key, entry.value)));
            }
            return null;
        });
        return List.copyOf(models.values());
    }

    /**
     * Returns one model.
     *
     * @throws RegistryNotFoundException when neither the spec nor the registry knows it
     */
    public ModelInfo model(String model) {
        ModelSummary summary = summary(model);
        if (spec.model(model).isEmpty() && summary.latestVersion() == 0) {
            throw new RegistryNotFoundException("Unknown model '" + model + "' (known: " + String.join(", ",
                    models().stream().map(ModelInfo::model).toList()) + ")");
        }
        return info(model, summary);
    }

    /** Returns a model's versions, oldest first. */
    public List<ModelVersion> versions(String model) {
        model(model);
        return read(() -> {
            List<ModelVersion> versions = new ArrayList<>();
            try (KeyValueIterator<String, SpecificRecord> scan = stores.versions().prefixScan(
                    RegistryKeys.versionPrefix(model), Serdes.String().serializer())) {
                while (scan.hasNext()) {
                    KeyValue<String, SpecificRecord> entry = scan.next();
                    if (entry.value instanceof ModelVersion version) {
                        versions.add(version);
                    }
                }
            }
            versions.sort(Comparator.comparingInt(ModelVersion::getVersion));
            return versions;
        });
    }

    /**
     * Returns one version.
     *
     * @throws RegistryNotFoundException when it does not exist
     */
    public ModelVersion version(String model, int version) {
        SpecificRecord found = read(() -> stores.versions().get(RegistryKeys.version(model, version)));
        if (!(found instanceof ModelVersion modelVersion)) {
            throw new RegistryNotFoundException("Model '" + model + "' has no version " + version);
        }
        return modelVersion;
    }

    /** Returns a model's champion, if it has one. */
    public Optional<ModelVersion> champion(String model) {
        return summary(model).championVersion().map(version -> version(model, version));
    }

    /**
     * Returns where a version came from.
     *
     * @throws RegistryNotFoundException when the version does not exist
     */
    public Lineage lineage(String model, int version) {
        ModelVersion found = version(model, version);
        return read(() -> new LineageWalker(id -> Optional.ofNullable(stores.lineage().get(id))).walk(found));
    }

    /**
     * Makes a version the champion by hand; the champion is archived.
     *
     * @param actor who asks
     * @param note why, or null
     * @throws RegistryNotFoundException when the version does not exist
     * @throws RegistryConflictException when it is already the champion
     */
    public CommandOutcome promote(String model, int version, String actor, String note) {
        version(model, version);
        if (summary(model).championVersion().equals(Optional.of(version))) {
            throw new RegistryConflictException("Version " + version + " of model '" + model
                    + "' is already the champion");
        }
        return send(new RegistryCommand(Events.newEventId(), RegistryCommand.Type.PROMOTE, model, version, actor, note,
                clock.millis()), version);
    }

    /**
     * Restores an earlier champion: the given version, or the most recent earlier champion.
     *
     * @param version the version to restore, or null for the previous champion
     * @throws RegistryNotFoundException when the model or version does not exist
     * @throws RegistryConflictException when there is nothing to roll back to, or the version is the champion
     */
    public CommandOutcome rollback(String model, Integer version, String actor, String note) {
        ModelSummary summary = summary(model(model).model());
        int target = Optional.ofNullable(version).or(summary::rollbackTarget).orElseThrow(() ->
                new RegistryConflictException("Model '" + model + "' has no earlier champion to roll back to"));
        version(model, target);
        if (summary.championVersion().equals(Optional.of(target))) {
            throw new RegistryConflictException("Version " + target + " of model '" + model
                    + "' is already the champion");
        }
        return send(new RegistryCommand(Events.newEventId(), RegistryCommand.Type.ROLLBACK, model, target, actor, note,
                clock.millis()), target);
    }

    private CommandOutcome send(RegistryCommand command, int target) {
        commands.send(command);
        long deadline = System.nanoTime() + commandWait.toNanos();
        while (true) {
            Optional<Integer> champion = summary(command.model()).championVersion();
            if (champion.equals(Optional.of(target)) || System.nanoTime() >= deadline) {
                return new CommandOutcome(command.commandId(), command.model(), target,
                        champion.equals(Optional.of(target)), champion.orElse(null));
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryUnavailableException("Interrupted while waiting for command " + command.commandId(),
                        e);
            }
        }
    }

    private ModelSummary summary(String model) {
        ModelSummary summary = read(() -> stores.models().get(model));
        return summary == null ? ModelSummary.empty(model) : summary;
    }

    private ModelInfo info(String model, ModelSummary summary) {
        Optional<ModelSpec> modelSpec = spec.model(model);
        String promotion = modelSpec.flatMap(ModelSpec::promotion).map(ModelRegistry::describe).orElse(null);
        return new ModelInfo(model, modelSpec.isPresent(), summary.latestVersion(), summary.champion(),
                summary.previousChampions(), promotion);
    }

    private static String describe(PromotionSpec promotion) {
        return promotion.metric() + " " + promotion.goal().yamlName() + ", min_gain " + promotion.minGain()
                + (promotion.auto() ? "" : ", by hand only");
    }

    private static <T> T read(Supplier<T> query) {
        try {
            return query.get();
        } catch (InvalidStateStoreException e) {
            throw new RegistryUnavailableException("The registry's stores cannot be queried now (" + e.getMessage()
                    + "); retry shortly", e);
        }
    }
}

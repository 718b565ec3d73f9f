package dev.flywheel.registry.versions;

import dev.flywheel.schemas.events.ModelVersion;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.ModelSpec;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a person's promote or rollback. The HTTP API checks a command against the stores before sending it;
 * this checks again, because another command or an automatic promotion may have come first. A command that no
 * longer applies is logged and counted, and changes nothing.
 */
final class Commander {

    private static final Logger LOG = LoggerFactory.getLogger(Commander.class);

    private final FlywheelSpec spec;
    private final RegistryState state;
    private final Promoter promoter;
    private final RegistryMetrics metrics;

    Commander(FlywheelSpec spec, RegistryState state, Clock clock, RegistryMetrics metrics) {
        this.spec = spec;
        this.state = state;
        this.promoter = new Promoter(state, clock);
        this.metrics = metrics;
    }

    List<Emitted> apply(RegistryCommand command) {
        ModelSummary summary = state.summary(command.model());
        Optional<Integer> target = command.type() == RegistryCommand.Type.PROMOTE ? Optional.of(command.version())
                : Optional.ofNullable(command.version()).or(summary::rollbackTarget);
        Optional<ModelVersion> version = target.flatMap(number -> state.version(command.model(), number));
        if (version.isEmpty()) {
            return refuse(command, target.map(number -> "version " + number + " does not exist")
                    .orElse("there is no earlier champion to roll back to"));
        }
        if (summary.championVersion().equals(target)) {
            return refuse(command, "version " + target.get() + " is already the champion");
        }
        boolean rollback = command.type() == RegistryCommand.Type.ROLLBACK;
        PromotionPolicy policy = spec.model(command.model()).flatMap(ModelSpec::promotion).map(PromotionPolicy::of)
                .orElse(null);
        PromotionDecision comparison = policy == null ? null
                : policy.decide(version.get(), state.champion(summary));
        String reason = (rollback ? "rollback" : "manual promote") + " to version " + target.get() + " by "
                + command.actor() + (command.note() == null || command.note().isBlank() ? "" : ": " + command.note());
        LOG.info("Model {}: {}", command.model(), reason);
        metrics.command(command.type(), true);
        return promoter.promote(summary, version.get(), new Promotion(comparison, policy, reason, true, rollback,
                command.actor(), List.of(command.commandId())));
    }

    private List<Emitted> refuse(RegistryCommand command, String why) {
        LOG.warn("Model {}: {} command {} by {} not applied: {}", command.model(), command.type(), command.commandId(),
                command.actor(), why);
        metrics.command(command.type(), false);
        return List.of();
    }
}

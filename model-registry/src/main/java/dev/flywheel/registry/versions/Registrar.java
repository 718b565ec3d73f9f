package dev.flywheel.registry.versions;

import dev.flywheel.registry.artifact.ArtifactStore;
import dev.flywheel.schemas.Events;
import dev.flywheel.schemas.events.ModelRejected;
import dev.flywheel.schemas.events.ModelStage;
import dev.flywheel.schemas.events.ModelVersion;
import dev.flywheel.schemas.events.TrainingJobStatus;
import dev.flywheel.topology.spec.FeatureRef;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.ModelSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the model of a successful training: checks the artifact exists and has the reported SHA-256, gives
 * it the model's next version (in STAGING: a candidate), and lets the model's promotion policy decide whether it
 * becomes champion. A status whose request was registered before (a replay) registers nothing again. Anything
 * wrong with the artifact becomes a {@code ModelRejected} with its reason.
 */
final class Registrar {

    private static final Logger LOG = LoggerFactory.getLogger(Registrar.class);

    private final FlywheelSpec spec;
    private final ArtifactStore artifacts;
    private final RegistryState state;
    private final Promoter promoter;
    private final Clock clock;
    private final RegistryMetrics metrics;

    Registrar(FlywheelSpec spec, ArtifactStore artifacts, RegistryState state, Clock clock, RegistryMetrics metrics) {
        this.spec = spec;
        this.artifacts = artifacts;
        this.state = state;
        this.promoter = new Promoter(state, clock);
        this.clock = clock;
        this.metrics = metrics;
    }

    List<Emitted> register(TrainingJobStatus status) {
        Optional<ModelSpec> model = spec.model(status.getModel());
        if (model.isEmpty()) {
            return reject(status, RejectionReasons.UNKNOWN_MODEL, "model '" + status.getModel()
                    + "' is not in the spec", null);
        }
        ModelSummary summary = state.summary(status.getModel());
        Optional<Integer> registered = summary.versionOf(status.getRequestId());
        if (registered.isPresent()) {
            LOG.info("Training request {} of model {} was registered before as version {}: nothing to do",
                    status.getRequestId(), status.getModel(), registered.get());
            metrics.registration(status.getModel(), "replayed");
            return List.of();
        }
        Optional<List<Emitted>> rejection = checkArtifact(status);
        if (rejection.isPresent()) {
            return rejection.get();
        }
        return registerVersion(status, model.get(), summary);
    }

    /** Returns empty when the artifact is fine, else the rejection. */
    private Optional<List<Emitted>> checkArtifact(TrainingJobStatus status) {
        if (status.getModelUri() == null || status.getModelSha256() == null) {
            return Optional.of(reject(status, RejectionReasons.INCOMPLETE_STATUS, "the successful status reports no "
                    + (status.getModelUri() == null ? "model_uri" : "model_sha256"), null));
        }
        URI uri;
        try {
            uri = new URI(status.getModelUri());
        } catch (URISyntaxException e) {
            return Optional.of(reject(status, RejectionReasons.ARTIFACT_MISSING, "model_uri is not a URI: "
                    + e.getMessage(), null));
        }
        Optional<String> actual;
        try {
            actual = artifacts.sha256(uri);
        } catch (IllegalArgumentException unreadable) {
            return Optional.of(reject(status, RejectionReasons.ARTIFACT_MISSING, unreadable.getMessage(), null));
        }
        if (actual.isEmpty()) {
            return Optional.of(reject(status, RejectionReasons.ARTIFACT_MISSING, "no artifact at " + uri, null));
        }
        String expected = status.getModelSha256().trim().toLowerCase(Locale.ROOT);
        if (!actual.get().equals(expected)) {
            return Optional.of(reject(status, RejectionReasons.SHA256_MISMATCH, "sha256 of " + uri + " is "
                    + actual.get() + ", the trainer reported " + expected, actual.get()));
        }
        return Optional.empty();
    }

    private List<Emitted> registerVersion(TrainingJobStatus status, ModelSpec model, ModelSummary summary) {
        Instant now = clock.instant();
        int number = summary.latestVersion() + 1;
        ModelVersion version = ModelVersion.newBuilder()
                .setEventId(Events.newEventId())
                .setOccurredAt(now)
                .setCauses(List.of(status.getEventId()))
                .setModel(status.getModel())
                .setVersion(number)
                .setArtifactUri(status.getModelUri())
                .setSha256(status.getModelSha256().trim().toLowerCase(Locale.ROOT))
                .setFormat(status.getModelFormat() == null ? "unknown" : status.getModelFormat())
                .setMetrics(status.getMetrics())
                .setHyperparameters(status.getHyperparameters())
                .setDatasetId(status.getDatasetId())
                .setRequestId(status.getRequestId())
                .setFeatureRefs(model.features().stream().map(FeatureRef::toString).toList())
                .setStage(ModelStage.STAGING)
                .setCreatedAt(now)
                .setUpdatedAt(now)
                .setDescription("registered from training request " + status.getRequestId())
                .build();
        ModelSummary registered = summary.withRegistered(number, status.getRequestId());
        state.put(registered);
        state.put(version);
        LOG.info("Registered model {} version {} from training request {} ({})", version.getModel(), number,
                status.getRequestId(), version.getArtifactUri());
        metrics.registration(version.getModel(), "registered");
        List<Emitted> out = new ArrayList<>();
        out.add(new Emitted(RegistryKeys.version(version.getModel(), number), version));
        Optional<PromotionPolicy> policy = PromotionPolicy.of(model);
        if (policy.isEmpty()) {
            return out;
        }
        PromotionDecision decision = policy.get().decide(version, state.champion(registered));
        if (!decision.promote()) {
            LOG.info("Model {} version {} not promoted: {}", version.getModel(), number, decision.reason());
            ModelVersion kept = ModelVersion.newBuilder(version).setDescription("not promoted: " + decision.reason())
                    .build();
            state.put(kept);
            out.set(0, new Emitted(RegistryKeys.version(version.getModel(), number), kept));
            return out;
        }
        LOG.info("Model {} version {} promoted: {}", version.getModel(), number, decision.reason());
        out.addAll(promoter.promote(registered, version, new Promotion(decision, policy.get(), decision.reason(),
                false, false, null, List.of(version.getEventId()))));
        return out;
    }

    private List<Emitted> reject(TrainingJobStatus status, String reason, String message, String actual) {
        LOG.warn("Refused to register the model of training request {} (model {}): {} {}", status.getRequestId(),
                status.getModel(), reason, message);
        metrics.registration(status.getModel(), reason);
        ModelRejected rejected = ModelRejected.newBuilder()
                .setEventId(Events.newEventId())
                .setOccurredAt(clock.instant())
                .setCauses(List.of(status.getEventId()))
                .setModel(status.getModel())
                .setRequestId(status.getRequestId())
                .setReasonCode(reason)
                .setMessage(message)
                .setArtifactUri(status.getModelUri())
                .setExpectedSha256(status.getModelSha256())
                .setActualSha256(actual)
                .build();
        return List.of(new Emitted(RegistryKeys.rejection(status.getModel(), status.getRequestId()), rejected));
    }
}

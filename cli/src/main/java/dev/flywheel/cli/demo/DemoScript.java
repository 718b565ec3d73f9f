package dev.flywheel.cli.demo;

import dev.flywheel.schemas.events.DriftResolved;
import dev.flywheel.schemas.events.ModelPromoted;
import dev.flywheel.schemas.events.ModelStage;
import dev.flywheel.schemas.events.ModelVersion;
import dev.flywheel.schemas.events.TrainingJobStatus;
import dev.flywheel.schemas.events.TrainingRequested;
import dev.flywheel.schemas.events.TrainingState;
import dev.flywheel.schemas.events.TriggerKind;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The demo's story, step by step: warm-up traffic, a first training by hand so that the drift monitor has a
 * reference, drift injected into the traffic, then nothing but waiting while the loop closes on its own (drift
 * alarm, training request, dataset, local training, new version, promotion, reference switch). Every wait reads
 * the {@link LoopStory} the backbone events fold into, never a log; each has progress lines and the one deadline.
 */
public final class DemoScript {

    /** What the script needs from the running stages beyond the topics. */
    public interface Backstage {
        /** Asks the training trigger for a training by hand; returns the request id. */
        String requestTraining(String model);

        /** Rows the drift monitor has compared with a reference so far (its {@code counted} meter). */
        double monitoredRows();

        /** A stage that is down, as {@code name: reason}, if any: the loop cannot complete without it. */
        Optional<String> downStage();
    }

    private static final long POLL_MS = 200;
    private static final double PROGRESS_EVERY_S = 5;
    /** A stage down this long is not restarting: the demo ends with its reason instead of waiting for the deadline. */
    private static final double DOWN_FOR_S = 5;

    private final DemoPlan plan;
    private final DemoProducer producer;
    private final LoopStory story;
    private final Backstage backstage;
    private final Narrator narrator;
    private final double deadline;

    /**
     * @param plan what to run
     * @param producer the synthetic traffic, not started
     * @param story the loop as the backbone events tell it
     * @param backstage the bootstrap training and the monitor's meter
     * @param narrator the terminal; its clock started with the demo, which the timeout counts from
     */
    public DemoScript(DemoPlan plan, DemoProducer producer, LoopStory story, Backstage backstage, Narrator narrator) {
        this.plan = plan;
        this.producer = producer;
        this.story = story;
        this.backstage = backstage;
        this.narrator = narrator;
        this.deadline = plan.timeout().toMillis() / 1000.0;
    }

    /**
     * Runs the story to the reference switch.
     *
     * @return the new champion's promotion
     * @throws LoopIncompleteException when a step is not reached before the deadline, or fails
     * @throws InterruptedException when interrupted (Ctrl-C)
     */
    public ModelPromoted run() throws InterruptedException {
        narrator.phase("Warm-up: " + plan.rate() + " card payments a second, each with its fraud label");
        producer.start(plan.rate());
        await("warm-up", () -> story.offlineRows(plan.view()) >= plan.warmupRows()
                        && story.offlineRows(plan.labels()) >= plan.warmupRows(),
                () -> String.format("warming up: %,d payments sent; offline tier holds %,d feature rows and %,d "
                        + "labels (want %,d)", producer.counts().transactions(), story.offlineRows(plan.view()),
                        story.offlineRows(plan.labels()), plan.warmupRows()));

        narrator.phase("Bootstrap: a first training, so that the drift monitor has a reference");
        String first = backstage.requestTraining(plan.model());
        ModelPromoted v1 = awaitPromotion("first training", first, 0);
        await("first reference", () -> backstage.monitoredRows() > 0,
                () -> "the drift monitor takes the training data of v" + v1.getVersion() + " as its reference");
        narrator.note("the drift monitor compares the live traffic with the dataset of v" + v1.getVersion() + " ("
                + v1.getDatasetId() + ")");

        narrator.phase("Drift: amounts shift up, the category mix moves to online, electronics and travel");
        producer.injectDrift();
        await("drift detection", () -> !story.alarms().isEmpty(),
                () -> String.format("waiting for the drift monitor: %,d drifted payments sent, %,.0f rows compared",
                        producer.counts().drifted(), backstage.monitoredRows()));

        narrator.phase("The loop closes on its own: retraining on drift");
        await("training request on drift", () -> driftRequest().isPresent(),
                () -> "waiting for the training trigger (coalescing the alarms, cooldown since the first training)");
        String retrain = driftRequest().orElseThrow().getRequestId();
        ModelPromoted v2 = awaitPromotion("retraining", retrain, v1.getVersion());
        await("reference switch", () -> switched(v2).isPresent(),
                () -> "waiting for the drift monitor to take the dataset of v" + v2.getVersion());
        narrator.note("the drift monitor now compares with the dataset of v" + v2.getVersion() + " ("
                + v2.getDatasetId() + ")");
        producer.stop();
        return v2;
    }

    /** The first request the trigger made on drift. */
    private Optional<TrainingRequested> driftRequest() {
        return story.request(request -> request.getTrigger() == TriggerKind.DRIFT
                && request.getModel().equals(plan.model()));
    }

    /** The monitor's alarm closed because it took {@code promoted}'s dataset as its reference. */
    private Optional<DriftResolved> switched(ModelPromoted promoted) {
        return story.resolutions().stream().filter(resolved -> "REFERENCE_CHANGED".equals(resolved.getReason())
                && resolved.getCauses().contains(promoted.getEventId())).findFirst();
    }

    /**
     * Waits until a version newer than {@code after} is promoted; a request that fails, or a version left in
     * staging, ends the demo at once with the reason.
     */
    private ModelPromoted awaitPromotion(String step, String requestId, int after) throws InterruptedException {
        await(step, () -> {
            Optional<TrainingJobStatus> status = story.status(requestId);
            if (status.isPresent() && status.get().getState() == TrainingState.FAILED) {
                throw new LoopIncompleteException(step + " failed: " + status.get().getReason());
            }
            return story.champion().filter(promoted -> promoted.getVersion() > after).isPresent()
                    || notPromoted(requestId).isPresent();
        }, () -> step + ": " + story.status(requestId).map(status -> "job " + status.getJobName() + " "
                + status.getState()).orElse("building the dataset"));
        Optional<ModelVersion> staged = notPromoted(requestId);
        if (story.champion().filter(promoted -> promoted.getVersion() > after).isEmpty() && staged.isPresent()) {
            throw new LoopIncompleteException(step + ": v" + staged.get().getVersion()
                    + " was registered but not promoted (" + staged.get().getDescription() + ")");
        }
        return story.champion().orElseThrow();
    }

    /** The version of a request that the registry left in staging with a reason. */
    private Optional<ModelVersion> notPromoted(String requestId) {
        return story.versions().values().stream().filter(version -> requestId.equals(version.getRequestId())
                && version.getStage() == ModelStage.STAGING && version.getDescription() != null
                && version.getDescription().startsWith("not promoted")).findFirst();
    }

    private void await(String step, BooleanSupplier done, Supplier<String> progress) throws InterruptedException {
        double lastProgress = narrator.elapsedSeconds();
        double downSince = Double.NaN;
        while (!done.getAsBoolean()) {
            double now = narrator.elapsedSeconds();
            Optional<String> down = backstage.downStage();
            downSince = down.isEmpty() ? Double.NaN : Double.isNaN(downSince) ? now : downSince;
            if (down.isPresent() && now - downSince >= DOWN_FOR_S) {
                throw new LoopIncompleteException("stuck at " + step + ": stage " + down.get());
            }
            if (now > deadline) {
                throw new LoopIncompleteException(String.format("the loop did not complete within %s: "
                        + "stuck at %s (%s)", human(plan.timeout().toSeconds()), step, progress.get()));
            }
            if (now - lastProgress >= PROGRESS_EVERY_S) {
                narrator.progress(progress.get());
                lastProgress = now;
            }
            Thread.sleep(POLL_MS);
        }
    }

    private static String human(long seconds) {
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }
}

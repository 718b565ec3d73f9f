package dev.flywheel.cli.demo;

import dev.flywheel.schemas.events.DatasetSnapshot;
import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.schemas.events.DriftResolved;
import dev.flywheel.schemas.events.ModelPromoted;
import dev.flywheel.schemas.events.ModelVersion;
import dev.flywheel.schemas.events.TrainingJobStatus;
import dev.flywheel.schemas.events.TrainingRequested;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.apache.avro.specific.SpecificRecord;

/**
 * The demo's terminal: one line per step of the loop as its event arrives, progress lines for the long waits, each
 * stamped with the seconds since the demo began. Plain ASCII, so any terminal and any log shows it the same.
 */
public final class Narrator {

    private final PrintWriter out;
    private final LongSupplier nanoTime;
    private final long begin;

    /**
     * @param out where the lines go
     * @param nanoTime the clock ({@code System::nanoTime})
     */
    public Narrator(PrintWriter out, LongSupplier nanoTime) {
        this.out = out;
        this.nanoTime = nanoTime;
        this.begin = nanoTime.getAsLong();
    }

    /** Seconds since the demo began. */
    public double elapsedSeconds() {
        return (nanoTime.getAsLong() - begin) / 1e9;
    }

    /** A phase of the story begins. */
    public void phase(String title) {
        line("==", title);
    }

    /** A line about a long wait. */
    public void progress(String text) {
        line("..", text);
    }

    /** A plain note. */
    public void note(String text) {
        line("  ", text);
    }

    /** One event of the loop. */
    public void tell(SpecificRecord event) {
        if (event instanceof DriftDetected alarm) {
            line("!!", String.format(Locale.ROOT, "drift detected      %s %s: %s %.3f, threshold %.3f (window of %d, "
                    + "reference %s)", alarm.getMonitor(), alarm.getFeature() == null ? "(view, drifted share "
                    + fmt(alarm.getDriftedShare()) + ")" : alarm.getFeature(), alarm.getMethod(), alarm.getScore(),
                    alarm.getThreshold(), alarm.getWindowSize(), alarm.getReferenceDatasetId()));
        } else if (event instanceof DriftResolved resolved) {
            line("<>", "REFERENCE_CHANGED".equals(resolved.getReason())
                    ? "monitor switched    " + resolved.getMonitor() + " closed its alarm on "
                            + (resolved.getFeature() == null ? "the view" : resolved.getFeature())
                            + ": reference changed to the new champion's dataset"
                    : "drift resolved      " + resolved.getMonitor() + " " + resolved.getFeature() + ": "
                            + resolved.getReason());
        } else if (event instanceof TrainingRequested request) {
            line("->", "training requested  " + request.getModel() + " (" + request.getTrigger() + "): "
                    + request.getReason());
        } else if (event instanceof DatasetSnapshot snapshot) {
            line("->", "dataset built       " + snapshot.getDatasetId() + ": " + snapshot.getRowCount() + " rows, "
                    + snapshot.getFeatureRefs().size() + " features, " + snapshot.getProfiles().size() + " profiles");
        } else if (event instanceof TrainingJobStatus status) {
            line(switch (status.getState()) {
                case SUCCEEDED -> "OK";
                case FAILED -> "XX";
                default -> "->";
            }, "training job        " + status.getJobName() + " " + status.getState()
                    + (status.getMetrics().isEmpty() ? "" : " " + metrics(status.getMetrics()))
                    + (status.getReason() == null ? "" : ": " + status.getReason()));
        } else if (event instanceof ModelVersion version) {
            line("->", "model version       " + version.getModel() + " v" + version.getVersion() + " "
                    + version.getStage() + " " + metrics(version.getMetrics())
                    + (version.getDescription() == null ? "" : " (" + version.getDescription() + ")"));
        } else if (event instanceof ModelPromoted promoted) {
            line("**", "promoted            " + promoted.getModel() + " v" + promoted.getVersion()
                    + " is the champion: " + promoted.getReason());
        }
    }

    private synchronized void line(String mark, String text) {
        out.printf(Locale.ROOT, "[%6.1fs] %s %s%n", elapsedSeconds(), mark, text);
        out.flush();
    }

    private static String metrics(Map<String, Double> metrics) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(metrics).forEach((name, value) -> text.append(text.length() == 0 ? "" : " ")
                .append(name).append('=').append(fmt(value)));
        return text.toString();
    }

    private static String fmt(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }
}

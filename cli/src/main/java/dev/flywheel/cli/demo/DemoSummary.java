package dev.flywheel.cli.demo;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * How a demo run went, for the closing lines and {@code --json}.
 *
 * @param seconds wall time from start to the reference switch
 * @param payments payments the producer sent
 * @param labels labels it sent
 * @param driftedPayments payments sent after the drift was injected
 * @param backboneEvents events read on the backbone topics
 * @param alarms drift alarms raised
 * @param trainingRequests training requests
 * @param jobsSucceeded training jobs that succeeded
 * @param jobsFailed training jobs that failed
 * @param datasets dataset snapshots built
 * @param modelVersions model versions registered
 * @param champion the champion version at the end
 * @param championAuc its AUC
 * @param dashboard the dashboard's URL
 */
public record DemoSummary(double seconds, long payments, long labels, long driftedPayments, long backboneEvents,
                          int alarms, int trainingRequests, long jobsSucceeded, long jobsFailed, int datasets,
                          int modelVersions, int champion, Double championAuc, String dashboard) {

    /** The closing lines: what happened and where to look next. */
    public void print(PrintWriter out) {
        out.println();
        out.printf(Locale.ROOT, "The loop closed on its own in %.0f s.%n", seconds);
        out.printf(Locale.ROOT, "  records produced   %,d payments, %,d labels (%,d after the drift)%n", payments,
                labels, driftedPayments);
        out.printf(Locale.ROOT, "  backbone events    %,d on flywheel.data-available, .drift, .training, .datasets, "
                + ".models%n", backboneEvents);
        out.printf(Locale.ROOT, "  drift alarms       %d%n", alarms);
        out.printf(Locale.ROOT, "  training           %d requests, %d jobs succeeded, %d failed, %d datasets%n",
                trainingRequests, jobsSucceeded, jobsFailed, datasets);
        out.printf(Locale.ROOT, "  models             %d versions, champion v%d (auc %s)%n", modelVersions, champion,
                championAuc == null ? "-" : String.format(Locale.ROOT, "%.3f", championAuc));
        out.println();
        out.println("Where to look next:");
        out.println("  ./flywheel demo --keep-running   run it again and stay up: dashboard at " + dashboard);
        out.println("  ./flywheel up -f flywheel.yaml   your own pipeline (./flywheel init writes a starter spec)");
        out.println("  ./flywheel models list           versions, metrics and champion, against a running up");
        out.println("  ./flywheel models lineage MODEL VERSION   from a version back to the drift alarm behind it");
        out.flush();
    }
}

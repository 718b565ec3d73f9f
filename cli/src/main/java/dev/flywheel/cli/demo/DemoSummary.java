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
 * @param kafka the demo broker's bootstrap servers
 * @param registry the demo schema registry's URL
 * @param keptRunning whether the demo stays up after the summary ({@code --keep-running})
 */
public record DemoSummary(double seconds, long payments, long labels, long driftedPayments, long backboneEvents,
                          int alarms, int trainingRequests, long jobsSucceeded, long jobsFailed, int datasets,
                          int modelVersions, int champion, Double championAuc, String dashboard,
                          String kafka, String registry, boolean keptRunning) {

    /** Where the demo's own spec lives in a clone, for the commands that need one. */
    private static final String DEMO_SPEC = "cli/src/main/resources/demo/flywheel.yaml";

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
        if (keptRunning) {
            String api = dashboard.endsWith("/") ? dashboard.substring(0, dashboard.length() - 1) : dashboard;
            out.println("  the dashboard                    " + dashboard);
            out.println("  from another terminal, point the command line at this demo's free ports:");
            out.println("    export FLYWHEEL_KAFKA_BOOTSTRAP_SERVERS=" + kafka + " FLYWHEEL_REGISTRY_URL=" + registry);
            out.println("    ./flywheel topics                             offsets, rates and consumer lag");
            out.println("    ./flywheel tail flywheel.drift --from-beginning   the alarms as JSON");
            out.printf(Locale.ROOT, "    ./flywheel models lineage fraud_detector %d --api %s%n", champion, api);
            out.println("    ./flywheel train fraud_detector -f " + DEMO_SPEC + " --wait");
            out.println("  Ctrl-C stops the demo and everything it started.");
        } else {
            out.println("  ./flywheel demo --keep-running   run it again and stay up, with the commands to try on it");
            out.println("  ./flywheel up -f flywheel.yaml   your own pipeline (./flywheel init writes a starter spec)");
            out.println("  README.md, 'A five-minute tour'  the dashboard's pages and the command line on the demo");
        }
        out.flush();
    }
}

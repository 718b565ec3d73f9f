package dev.flywheel.cli.dashboard;

/**
 * Records flowing into a running stack while a test watches the dashboard. The browser test starts exactly one, in
 * one place ({@code DashboardBrowserIT.startTraffic}), so the producer behind it can be swapped.
 */
interface LiveTraffic extends AutoCloseable {

    /**
     * Fails when sending stopped with an error.
     *
     * @throws AssertionError with the producer's failure as its cause
     */
    void assertHealthy();

    /** Stops sending. */
    @Override
    void close();
}

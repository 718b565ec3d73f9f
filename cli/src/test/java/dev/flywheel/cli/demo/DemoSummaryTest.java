package dev.flywheel.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class DemoSummaryTest {

    private static String print(boolean keptRunning) {
        DemoSummary summary = new DemoSummary(112.4, 18_350, 18_350, 8_510, 301, 3, 2, 2, 0, 2, 2, 2, 0.774,
                "http://127.0.0.1:43399/", "127.0.0.1:33627", "http://127.0.0.1:34307", keptRunning);
        StringWriter text = new StringWriter();
        summary.print(new PrintWriter(text));
        return text.toString();
    }

    @Test
    void shouldPointTheCommandLineAtTheDemosOwnPortsWhenItStaysUp() {
        String text = print(true);

        assertThat(text)
                .contains("The loop closed on its own in 112 s.")
                .contains("export FLYWHEEL_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:33627 "
                        + "FLYWHEEL_REGISTRY_URL=http://127.0.0.1:34307")
                .contains("./flywheel models lineage fraud_detector 2 --api http://127.0.0.1:43399")
                .contains("http://127.0.0.1:43399/")
                .doesNotContain("run it again");
    }

    @Test
    void shouldOfferToRunAgainAndStayUpWhenTheDemoHasStopped() {
        String text = print(false);

        assertThat(text)
                .contains("./flywheel demo --keep-running")
                .contains("A five-minute tour")
                // the demo's ports are gone with it: no command may point at them
                .doesNotContain("127.0.0.1:33627")
                .doesNotContain("--api http://127.0.0.1:43399");
    }
}

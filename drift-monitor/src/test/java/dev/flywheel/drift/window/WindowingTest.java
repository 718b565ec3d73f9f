package dev.flywheel.drift.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.topology.spec.MonitorWindow;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Count and time windows, tumbling and sliding, over two bins (a value 0 or 1 is its own bin). */
class WindowingTest {

    private static int[] bin(int bin) {
        return new int[] {bin};
    }

    @Test
    void shouldCloseATumblingCountWindowEverySizeRecords() {
        Windowing windowing = Windowing.of(new MonitorWindow.Count(3, 3), 2);

        assertThat(windowing.add(10, bin(0))).isEqualTo(Windowing.Outcome.COUNTED);
        assertThat(windowing.add(11, bin(1))).isEqualTo(Windowing.Outcome.COUNTED);
        assertThat(windowing.add(12, bin(1))).isEqualTo(Windowing.Outcome.CLOSED);
        assertThat(windowing.closed().orElseThrow().counts()).containsExactly(1, 2);
        assertThat(windowing.closed().orElseThrow().start()).isEqualTo(10);
        assertThat(windowing.closed().orElseThrow().end()).isEqualTo(12);

        windowing.add(13, bin(0));
        windowing.add(14, bin(0));
        assertThat(windowing.add(15, bin(0))).isEqualTo(Windowing.Outcome.CLOSED);
        assertThat(windowing.closed().orElseThrow().counts()).containsExactly(3, 0);
    }

    @Test
    void shouldSlideACountWindowExactlyAgainstABruteForceCount() {
        // given a window of 6 records sliding by 2, and a random 0/1 stream
        Windowing windowing = Windowing.of(new MonitorWindow.Count(6, 2), 2);
        Random random = new Random(7);
        int[] values = new int[50];
        int closes = 0;
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextInt(2);
            // when
            if (windowing.add(i, bin(values[i])) == Windowing.Outcome.CLOSED) {
                closes++;
                // then the window holds exactly the last 6 values
                long ones = 0;
                for (int j = i - 5; j <= i; j++) {
                    ones += values[j];
                }
                WindowCounts window = windowing.closed().orElseThrow();
                assertThat(window.counts()).containsExactly(6 - ones, ones);
                assertThat(window.start()).isEqualTo(i - 5);
                assertThat(window.records()).isEqualTo(6);
            }
        }
        // first close at record 6, then every 2: (50 - 6) / 2 + 1
        assertThat(closes).isEqualTo(23);
    }

    @Test
    void shouldCloseATimeWindowWhenStreamTimePassesItsEnd() {
        // given windows of 10 s sliding by 5 s; the first slot [0, 5 s) is entered at 2 s (incomplete)
        Windowing windowing = Windowing.of(new MonitorWindow.Time(Duration.ofSeconds(10), Duration.ofSeconds(5)), 2);
        windowing.add(2_000, bin(0));
        windowing.add(6_000, bin(1));
        windowing.add(9_000, bin(1));
        // when the window [5 s, 15 s) is passed (it is the first one not starting in the first slot)
        assertThat(windowing.add(12_000, bin(0))).isEqualTo(Windowing.Outcome.COUNTED);
        assertThat(windowing.add(15_000, bin(0))).isEqualTo(Windowing.Outcome.CLOSED);
        // then it holds 6 s, 9 s and 12 s
        WindowCounts window = windowing.closed().orElseThrow();
        assertThat(window.counts()).containsExactly(1, 2);
        assertThat(window.start()).isEqualTo(6_000);
        assertThat(window.end()).isEqualTo(12_000);
    }

    @Test
    void shouldCountAnOutOfOrderRecordInItsSlotAndRefuseOneOlderThanTheRing() {
        Windowing windowing = Windowing.of(new MonitorWindow.Time(Duration.ofSeconds(10), Duration.ofSeconds(5)), 2);
        windowing.add(0, bin(0));
        windowing.add(10_000, bin(0));
        windowing.add(14_000, bin(0));

        assertThat(windowing.add(7_000, bin(1))).isEqualTo(Windowing.Outcome.COUNTED);
        assertThat(windowing.add(4_999, bin(1))).isEqualTo(Windowing.Outcome.LATE);
        assertThat(windowing.add(15_000, bin(0))).isEqualTo(Windowing.Outcome.CLOSED);
        assertThat(windowing.closed().orElseThrow().counts()).containsExactly(2, 1);
    }

    @Test
    void shouldEmptyTheRingAfterAGapLongerThanTheWindow() {
        Windowing windowing = Windowing.of(new MonitorWindow.Time(Duration.ofSeconds(10), Duration.ofSeconds(5)), 2);
        windowing.add(0, bin(1));
        windowing.add(100_000, bin(0));

        assertThat(windowing.current().counts()).containsExactly(1, 0);
    }

    @Test
    void shouldResumeFromItsEncoding() {
        Windowing windowing = Windowing.of(new MonitorWindow.Count(4, 2), 2);
        windowing.add(1, bin(1));
        windowing.add(2, bin(1));
        windowing.add(3, bin(0));

        Windowing resumed = Windowing.decode(windowing.encode());

        assertThat(resumed.add(4, bin(0))).isEqualTo(Windowing.Outcome.CLOSED);
        assertThat(resumed.closed().orElseThrow().counts()).containsExactly(2, 2);
        assertThat(resumed.seen()).isEqualTo(4);
    }

    @Test
    void shouldRefuseASlideThatDoesNotDivideTheSize() {
        assertThatThrownBy(() -> Windowing.of(new MonitorWindow.Count(10, 3), 2)).hasMessageContaining("divide");
    }
}

package dev.flywheel.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.drift.profile.ReferenceProfile;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Windows drawn from the reference's own distribution: the p-value tests alarm at no more than their
 * configured rate, and the distances stay under their thresholds. Seeded, so the counts are exact.
 */
class NoDriftFalseAlarmTest {

    private static final int WINDOWS = 400;

    @Test
    void shouldKeepKolmogorovSmirnovFalseAlarmsUnderItsLevel() {
        // given a reference of 2,000 normal values with edges at its deciles
        Random random = new Random(42);
        double[] sample = random.doubles(2000).map(x -> random.nextGaussian()).sorted().toArray();
        double[] edges = new double[9];
        for (int i = 1; i <= 9; i++) {
            edges[i - 1] = sample[i * sample.length / 10];
        }
        ReferenceProfile reference = ReferenceProfile.numeric("v:x", edges, counts(sample, edges), 0, 1, sample[0],
                sample[sample.length - 1]);
        int ks = 0;
        int wasserstein = 0;
        int psi = 0;
        int js = 0;
        // when 400 windows of 1,000 fresh values are compared with it
        for (int w = 0; w < WINDOWS; w++) {
            double[] window = new double[1000];
            for (int i = 0; i < window.length; i++) {
                window[i] = random.nextGaussian();
            }
            long[] binned = counts(window, edges);
            ks += new KolmogorovSmirnov().evaluate(reference, binned, 0.05).drifted() ? 1 : 0;
            wasserstein += new Wasserstein().evaluate(reference, binned, 0.1).drifted() ? 1 : 0;
            psi += new Psi().evaluate(reference, binned, 0.1).drifted() ? 1 : 0;
            js += new JensenShannon().evaluate(reference, binned, 0.1).drifted() ? 1 : 0;
        }
        // then: binned KS is conservative, so at most 5 % of the windows alarm
        assertThat(ks).isLessThanOrEqualTo(WINDOWS * 5 / 100);
        // A distance has no nominal false-alarm rate: Wasserstein at 0.1 std on windows of 1,000 crosses on 8 of
        // these 400 windows (2 %; the binned tails, each about 2 std wide, carry most of the noise).
        assertThat(wasserstein).isEqualTo(8);
        assertThat(psi).isZero();
        assertThat(js).isZero();
    }

    @Test
    void shouldKeepChiSquareFalseAlarmsAtItsLevelWhenTheReferenceIsLarge() {
        // Chi-square takes the reference shares as exact (as Evidently does); with a reference 100 times the
        // window the sampling noise of the reference inflates the statistic by only 1 %.
        Map<String, Long> categories = Map.of("a", 50_000L, "b", 30_000L, "c", 15_000L, "d", 5_000L);
        ReferenceProfile reference = ReferenceProfile.categorical("v:c", categories);
        Random random = new Random(7);
        int alarms = 0;
        for (int w = 0; w < WINDOWS; w++) {
            long[] window = new long[5];
            for (int i = 0; i < 1000; i++) {
                double u = random.nextDouble();
                window[u < 0.5 ? 0 : u < 0.8 ? 1 : u < 0.95 ? 2 : 3]++;
            }
            alarms += new ChiSquare().evaluate(reference, window, 0.05).drifted() ? 1 : 0;
        }
        // 5 % of 400 is 20; allow the binomial spread (sd ~ 4.4) of two standard deviations
        assertThat(alarms).isLessThanOrEqualTo(29);
    }

    private static long[] counts(double[] values, double[] edges) {
        long[] counts = new long[edges.length + 1];
        for (double value : values) {
            int found = Arrays.binarySearch(edges, value);
            counts[found >= 0 ? found + 1 : -found - 1]++;
        }
        return counts;
    }
}

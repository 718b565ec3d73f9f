package dev.flywheel.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.flywheel.drift.profile.ReferenceProfile;
import dev.flywheel.topology.spec.DriftMethod;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each method on small cases worked by hand (the arithmetic is in the comments).
 *
 * <p>Numeric case: edges {0, 10} give bins (-inf,0), [0,10), [10,+inf); reference counts 10/60/30 (n = 100,
 * shares p = .1 .6 .3, min -5, max 20, std 5); window counts 20/50/30 (m = 100, shares q = .2 .5 .3).
 */
class DriftStatisticsTest {

    private static final ReferenceProfile NUMERIC = ReferenceProfile.numeric("v:x", new double[] {0, 10},
            new long[] {10, 60, 30}, 7.5, 5, -5, 20);
    private static final long[] WINDOW = {20, 50, 30};

    @Test
    void shouldComputePsiByHand() {
        // (q - p) ln(q / p): bin0 (.2-.1) ln 2 = 0.0693147; bin1 (.5-.6) ln(5/6) = (-.1)(-0.1823216) = 0.0182322;
        // bin2 0. PSI = 0.0875469, under 0.1.
        Verdict verdict = new Psi().evaluate(NUMERIC, WINDOW, Psi.DEFAULT_THRESHOLD);

        assertThat(verdict.score()).isCloseTo(0.0875469, within(1e-6));
        assertThat(verdict.drifted()).isFalse();
        assertThat(verdict.pValue()).isEmpty();
        assertThat(verdict.topBins(2)).extracting(BinShare::bin).containsExactly(0, 1);
        assertThat(verdict.topBins(1).get(0).contribution()).isCloseTo(0.0693147, within(1e-6));
    }

    @Test
    void shouldGiveAnEmptyBinTheEmptyShareInPsi() {
        // Reference bin2 empty -> p2 = 1e-4; window all in bin2 -> q0 = q1 = 1e-4, q2 = 1.
        // bin0 (1e-4 - .1) ln(1e-4/.1) = (-.0999)(-6.907755) = 0.690085; bin1 (1e-4 - .9) ln(1e-4/.9) =
        // (-.8999)(-9.104980) = 8.193572; bin2 (1 - 1e-4) ln(1/1e-4) = .9999 * 9.210340 = 9.209419. Sum 18.093076.
        ReferenceProfile reference = ReferenceProfile.numeric("v:x", new double[] {0, 10}, new long[] {10, 90, 0},
                5, 3, 0, 10);

        Verdict verdict = new Psi().evaluate(reference, new long[] {0, 0, 50}, 0.1);

        assertThat(verdict.score()).isCloseTo(18.093076, within(1e-5));
        assertThat(verdict.drifted()).isTrue();
    }

    @Test
    void shouldComputeJensenShannonDistanceByHand() {
        // M = (p+q)/2 = .15 .55 .3. Divergence terms, each (p ln(p/M) + q ln(q/M)) / 2:
        // bin0 (.1 ln(.1/.15) + .2 ln(.2/.15))/2 = (-.0405465 + .0575364)/2 = 0.0084950;
        // bin1 (.6 ln(.6/.55) + .5 ln(.5/.55))/2 = (.0522068 - .0476551)/2 = 0.0022759; bin2 0.
        // Divergence 0.0107708, distance sqrt = 0.1037825 >= 0.1: drifted.
        Verdict verdict = new JensenShannon().evaluate(NUMERIC, WINDOW, JensenShannon.DEFAULT_THRESHOLD);

        assertThat(verdict.score()).isCloseTo(0.1037825, within(1e-6));
        assertThat(verdict.drifted()).isTrue();
    }

    @Test
    void shouldGiveJensenShannonItsMaximumForDisjointDistributions() {
        // Disjoint: divergence ln 2, distance sqrt(ln 2) = 0.8325546.
        Verdict verdict = new JensenShannon().evaluate(NUMERIC, new long[] {0, 0, 0}, 0.1);
        Verdict disjoint = new JensenShannon().evaluate(
                ReferenceProfile.numeric("v:x", new double[] {0}, new long[] {5, 0}, 0, 1, -1, 1),
                new long[] {0, 7}, 0.1);

        assertThat(disjoint.score()).isCloseTo(Math.sqrt(Math.log(2)), within(1e-9));
        assertThat(verdict.windowSize()).isZero();
    }

    @Test
    void shouldComputeBinnedKolmogorovSmirnovByHand() {
        // CDF gaps at the edges: after bin0 |.1 - .2| = .1, after bin1 |.7 - .7| = 0: D = 0.1.
        // n m / (n + m) = 50, lambda = .1 sqrt(50) = 0.7071068, 2 lambda^2 = 1.
        // Q(lambda) = 2 (e^-1 - e^-4 + e^-9 - e^-16 ...) = 2 (.3678794 - .0183156 + .0001234 - .0000001) = 0.6993742.
        Verdict verdict = new KolmogorovSmirnov().evaluate(NUMERIC, WINDOW, KolmogorovSmirnov.DEFAULT_THRESHOLD);

        assertThat(verdict.statistic()).isCloseTo(0.1, within(1e-12));
        assertThat(verdict.score()).isCloseTo(0.6993742, within(1e-5));
        assertThat(verdict.pValue()).hasValueCloseTo(0.6993742, within(1e-5));
        assertThat(verdict.drifted()).isFalse();
        assertThat(verdict.topBins(1).get(0).bin()).isZero();
    }

    @Test
    void shouldFindAShiftWithKolmogorovSmirnov() {
        // Window all in the overflow bin: gaps .9 after bin0... after bin0 |.1 - 0| = .1, after bin1 |.7 - 0| = .7.
        // D = .7, lambda = .7 sqrt(50) = 4.95: Q = 2 e^-49 ~ 1e-21, p ~ 0 < 0.05.
        Verdict verdict = new KolmogorovSmirnov().evaluate(NUMERIC, new long[] {0, 0, 100}, 0.05);

        assertThat(verdict.statistic()).isCloseTo(0.7, within(1e-12));
        assertThat(verdict.score()).isLessThan(1e-15);
        assertThat(verdict.drifted()).isTrue();
    }

    @Test
    void shouldComputeNormedWassersteinByHand() {
        // CDF gap F_ref - F_win at boundaries -5, 0, 10, 20: 0, -.1, 0, 0 (linear in between).
        // [-5,0]: |0 -> -.1| area .05 * 5 = .25; [0,10]: |-.1 -> 0| area .05 * 10 = .5; [10,20]: 0.
        // W1 = .75; / std 5 = 0.15 >= 0.1: drifted.
        Verdict verdict = new Wasserstein().evaluate(NUMERIC, WINDOW, Wasserstein.DEFAULT_THRESHOLD);

        assertThat(verdict.score()).isCloseTo(0.15, within(1e-12));
        assertThat(verdict.drifted()).isTrue();
        assertThat(verdict.topBins(1).get(0).bin()).isEqualTo(1);
    }

    @Test
    void shouldIntegrateAGapThatChangesSignInsideABin() {
        // g from +.2 to -.2 over width 1: two triangles of base .5 and height .2: 2 * .05 = 0.1.
        // Formula: w (a^2 + b^2) / (2 (|a| + |b|)) = (.04 + .04) / .8 = 0.1.
        assertThat(Wasserstein.linearAbsIntegral(0.2, -0.2, 1)).isCloseTo(0.1, within(1e-12));
        assertThat(Wasserstein.linearAbsIntegral(0.1, 0.3, 2)).isCloseTo(0.4, within(1e-12));
    }

    @Test
    void shouldComputeChiSquareByHand() {
        // Reference a 50, b 30, c 20 (n = 100); window a 60, b 25, c 15 (m = 100): expected 50, 30, 20.
        // (60-50)^2/50 = 2, (25-30)^2/30 = .833333, (15-20)^2/20 = 1.25: statistic 4.083333, 2 degrees of freedom.
        // Survival of chi2(2) is e^(-x/2) = e^-2 * e^-0.0416667 = .1353353 * .9591895 = 0.1298122 >= 0.05.
        ReferenceProfile reference = ReferenceProfile.categorical("v:c", Map.of("a", 50L, "b", 30L, "c", 20L));

        Verdict verdict = new ChiSquare().evaluate(reference, new long[] {60, 25, 15, 0}, ChiSquare.DEFAULT_THRESHOLD);

        assertThat(verdict.statistic()).isCloseTo(4.0833333, within(1e-6));
        assertThat(verdict.score()).isCloseTo(0.1298122, within(1e-6));
        assertThat(verdict.drifted()).isFalse();
    }

    @Test
    void shouldWeighUnseenCategoriesByAHalfReferenceCount() {
        // Reference a 50, b 50; window a 50, b 40, unseen 10 (m = 100). Reference mass 100.5 with the unseen
        // half count: expected a = b = 100 * 50 / 100.5 = 49.751244, unseen 100 * .5 / 100.5 = 0.497512.
        // Terms: a (50 - 49.751244)^2 / 49.751244 = 0.0012438; b (40 - 49.751244)^2 / 49.751244 = 1.9113184;
        // unseen (10 - 0.497512)^2 / 0.497512 = 181.497537. Statistic 183.41010, finite; p ~ 0: drifted.
        ReferenceProfile reference = ReferenceProfile.categorical("v:c", Map.of("a", 50L, "b", 50L));

        Verdict verdict = new ChiSquare().evaluate(reference, new long[] {50, 40, 10}, 0.05);

        assertThat(verdict.statistic()).isCloseTo(183.41010, within(1e-4));
        assertThat(verdict.drifted()).isTrue();
        assertThat(verdict.topBins(1).get(0).bin()).isEqualTo(2);
        assertThat(reference.label(2)).isEqualTo(ReferenceProfile.UNSEEN);
    }

    @Test
    void shouldRefuseAWindowOfOtherBins() {
        assertThatThrownBy(() -> new Psi().evaluate(NUMERIC, new long[] {1, 2}, 0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 bins");
    }

    @Test
    void shouldRefuseKolmogorovSmirnovOnACategorical() {
        ReferenceProfile reference = ReferenceProfile.categorical("v:c", Map.of("a", 1L));

        assertThatThrownBy(() -> new KolmogorovSmirnov().evaluate(reference, new long[] {1, 0}, 0.05))
                .hasMessageContaining("numeric");
        assertThat(DriftStatistic.of(DriftMethod.KS).pValueBased()).isTrue();
    }
}

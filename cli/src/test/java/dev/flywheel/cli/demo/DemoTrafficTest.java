package dev.flywheel.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The synthetic traffic: seeded, labels that follow the features, and a drift that moves amounts and categories. */
class DemoTrafficTest {

    private static final int N = 20_000;

    private static List<DemoTraffic.Payment> draw(long seed, boolean drifted) {
        DemoTraffic traffic = new DemoTraffic(seed, 100);
        List<DemoTraffic.Payment> payments = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            payments.add(traffic.next(drifted));
        }
        return payments;
    }

    private static double share(List<DemoTraffic.Payment> payments, Predicate<DemoTraffic.Payment> which) {
        return payments.stream().filter(which).count() / (double) payments.size();
    }

    private static double fraudRate(List<DemoTraffic.Payment> payments, Predicate<DemoTraffic.Payment> which) {
        return share(payments.stream().filter(which).toList(), DemoTraffic.Payment::fraud);
    }

    @Test
    void shouldRepeatTheSamePaymentsForTheSameSeed() {
        assertThat(draw(7, false).subList(0, 100)).isEqualTo(draw(7, false).subList(0, 100));
        assertThat(draw(7, false).subList(0, 100)).isNotEqualTo(draw(8, false).subList(0, 100));
    }

    @Test
    void shouldMakeFraudMoreLikelyForLargerAmountsAndRiskierCategories() {
        List<DemoTraffic.Payment> normal = draw(1, false);

        assertThat(share(normal, DemoTraffic.Payment::fraud)).isBetween(0.04, 0.12);
        assertThat(fraudRate(normal, p -> p.amount() > 60)).isGreaterThan(2 * fraudRate(normal, p -> p.amount() < 20));
        assertThat(fraudRate(normal, p -> p.category().equals("electronics")))
                .isGreaterThan(2 * fraudRate(normal, p -> p.category().equals("grocery")));
    }

    @Test
    void shouldShiftAmountsUpAndCategoriesTowardsRiskyOnesWhenDrifted() {
        List<DemoTraffic.Payment> normal = draw(1, false);
        List<DemoTraffic.Payment> drifted = draw(1, true);

        double normalMedian = normal.stream().mapToDouble(DemoTraffic.Payment::amount).sorted().toArray()[N / 2];
        double driftedMedian = drifted.stream().mapToDouble(DemoTraffic.Payment::amount).sorted().toArray()[N / 2];
        assertThat(driftedMedian).isGreaterThan(2.5 * normalMedian);
        Predicate<DemoTraffic.Payment> risky = p -> List.of("online", "electronics", "travel").contains(p.category());
        assertThat(share(normal, risky)).isBetween(0.2, 0.3);
        assertThat(share(drifted, risky)).isBetween(0.7, 0.8);
        assertThat(drifted).allSatisfy(p -> {
            assertThat(p.amount()).isPositive().isLessThan(100_000);
            assertThat(DemoTraffic.CATEGORIES).contains(p.category());
            assertThat(DemoTraffic.COUNTRIES).contains(p.country());
        });
    }
}

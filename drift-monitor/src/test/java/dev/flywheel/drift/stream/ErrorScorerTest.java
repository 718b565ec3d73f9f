package dev.flywheel.drift.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ErrorScorerTest {

    @Test
    void shouldCountABinaryScoreOnTheWrongSideOfOneHalfAsAnError() {
        OptionalDouble binary = OptionalDouble.empty();
        assertThat(ErrorScorer.error(0.9, 1, binary)).isZero();
        assertThat(ErrorScorer.error(0.4, 1, binary)).isEqualTo(1);
        assertThat(ErrorScorer.error(0.5, 1, binary)).isZero(); // |1 - 0.5| = 0.5 is not > 0.5
        assertThat(ErrorScorer.error(0.7, 0, binary)).isEqualTo(1);
        assertThat(ErrorScorer.error(1, 1, binary)).isZero(); // a class prediction
    }

    @Test
    void shouldCountASquaredErrorOverTheThresholdAsAnErrorForANumericModel() {
        OptionalDouble threshold = OptionalDouble.of(4);
        assertThat(ErrorScorer.error(10, 12, threshold)).isZero(); // 4 is not > 4
        assertThat(ErrorScorer.error(10, 12.5, threshold)).isEqualTo(1); // 6.25
        assertThat(ErrorScorer.error(10, 7, threshold)).isEqualTo(1); // 9
    }
}

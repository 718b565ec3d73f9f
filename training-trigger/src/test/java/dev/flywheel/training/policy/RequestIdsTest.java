package dev.flywheel.training.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Request ids derive from the model and the set of causes only. */
class RequestIdsTest {

    @Test
    void shouldGiveTheSameIdForTheSameCausesInAnyOrder() {
        assertThat(RequestIds.of("fraud", List.of("a", "b"))).isEqualTo(RequestIds.of("fraud", List.of("b", "a")))
                .matches("fraud-[0-9a-f]{16}");
        assertThat(RequestIds.of("fraud", List.of("a"))).isNotEqualTo(RequestIds.of("fraud", List.of("a", "b")))
                .isNotEqualTo(RequestIds.of("other", List.of("a")));
    }

    @Test
    void shouldRefuseARequestWithoutCauses() {
        assertThatThrownBy(() -> RequestIds.of("fraud", List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}

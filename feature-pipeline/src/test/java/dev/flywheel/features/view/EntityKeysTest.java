package dev.flywheel.features.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EntityKeysTest {

    @Test
    void shouldKeepASingleKeyAsItIs() {
        assertThat(EntityKeys.join(List.of("a|b\\c"))).isEqualTo("a|b\\c");
        assertThat(EntityKeys.split("a|b\\c", 1)).containsExactly("a|b\\c");
    }

    @Test
    void shouldJoinCompositeKeysSoThatDifferentTuplesNeverCollide() {
        String ab = EntityKeys.join(List.of("a|", "b"));
        String a_b = EntityKeys.join(List.of("a", "|b"));
        String slash = EntityKeys.join(List.of("a\\", "b"));

        assertThat(ab).isEqualTo("a\\||b");
        assertThat(a_b).isEqualTo("a|\\|b");
        assertThat(slash).isEqualTo("a\\\\|b");
        assertThat(List.of(ab, a_b, slash)).doesNotHaveDuplicates();
        assertThat(EntityKeys.split(ab, 2)).containsExactly("a|", "b");
        assertThat(EntityKeys.split(a_b, 2)).containsExactly("a", "|b");
        assertThat(EntityKeys.split(slash, 2)).containsExactly("a\\", "b");
    }
}

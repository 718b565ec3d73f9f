package dev.flywheel.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VersionIdTest {

    @Test
    void shouldReadLatestAndMinusOneAsTheLatestVersion() {
        assertThat(VersionId.parse("latest").isLatest()).isTrue();
        assertThat(VersionId.parse("LATEST").isLatest()).isTrue();
        assertThat(VersionId.parse("-1").isLatest()).isTrue();
        assertThat(VersionId.parse("3")).isEqualTo(new VersionId(3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-2", "abc", "1.5", "", "2147483648"})
    void shouldRejectAnythingElseWith42202(String text) {
        assertThatThrownBy(() -> VersionId.parse(text))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(42202);
                    assertThat(e.httpStatus()).isEqualTo(422);
                })
                .hasMessageContaining("'" + text + "' is not a valid version id");
    }
}

package dev.flywheel.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.platform.registry.CompatibilityChecker.PreviousVersion;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CompatibilityCheckerTest {

    private static final Schema A = record("{\"name\":\"a\",\"type\":\"int\"}");
    private static final Schema A_B_DEFAULT = record(
            "{\"name\":\"a\",\"type\":\"int\"}, {\"name\":\"b\",\"type\":\"string\",\"default\":\"x\"}");
    private static final Schema A_B = record("{\"name\":\"a\",\"type\":\"int\"}, {\"name\":\"b\",\"type\":\"string\"}");
    private static final Schema A_B_C = record("{\"name\":\"a\",\"type\":\"int\"}, {\"name\":\"b\",\"type\":\"string\"}, "
            + "{\"name\":\"c\",\"type\":\"int\"}");
    private static final Schema A_AS_STRING = record("{\"name\":\"a\",\"type\":\"string\"}");

    private final CompatibilityChecker checker = new CompatibilityChecker();

    @Test
    void shouldAcceptNewFieldWithDefaultUnderBackward() {
        assertThat(checker.check(CompatibilityLevel.BACKWARD, A_B_DEFAULT, history(A))).isEmpty();
    }

    @Test
    void shouldRejectNewFieldWithoutDefaultUnderBackwardNamingTheProblem() {
        List<String> problems = checker.check(CompatibilityLevel.BACKWARD, A_B, history(A));

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("READER_FIELD_MISSING_DEFAULT_VALUE",
                "the new schema cannot read data written with version 1", "/fields/1");
        assertThat(problems.get(1)).isEqualTo("{compatibility: 'BACKWARD'}");
    }

    @Test
    void shouldAcceptAddedFieldUnderForwardBecauseOldReadersIgnoreIt() {
        assertThat(checker.check(CompatibilityLevel.FORWARD, A_B_C, history(A_B))).isEmpty();
    }

    @Test
    void shouldRejectRemovedFieldWithoutDefaultUnderForward() {
        assertThat(checker.check(CompatibilityLevel.FORWARD, A, history(A_B)))
                .anySatisfy(p -> assertThat(p).contains("version 1 cannot read data written with the new schema"));
    }

    @Test
    void shouldAcceptFieldWithDefaultAndRejectFieldWithoutUnderFull() {
        assertThat(checker.check(CompatibilityLevel.FULL, A_B_DEFAULT, history(A))).isEmpty();
        assertThat(checker.check(CompatibilityLevel.FULL, A_B, history(A))).isNotEmpty();
    }

    @Test
    void shouldCheckOnlyTheLatestVersionUnderBackwardButAllUnderBackwardTransitive() {
        // given v1 {a}, v2 {a, b="x"}: {a, b} reads v2 data but not v1 data (b has no default)
        List<PreviousVersion> history = history(A, A_B_DEFAULT);

        assertThat(checker.check(CompatibilityLevel.BACKWARD, A_B, history)).isEmpty();
        assertThat(checker.check(CompatibilityLevel.BACKWARD_TRANSITIVE, A_B, history))
                .anySatisfy(p -> assertThat(p).contains("version 1"))
                .noneSatisfy(p -> assertThat(p).contains("version 2"));
        assertThat(checker.check(CompatibilityLevel.BACKWARD_TRANSITIVE, A_B_DEFAULT, history)).isEmpty();
    }

    @Test
    void shouldCheckOnlyTheLatestVersionUnderForwardButAllUnderForwardTransitive() {
        // given v1 {a, b}, v2 {a, b="x"}: v2 reads {a} data (default for b), v1 does not
        List<PreviousVersion> history = history(A_B, A_B_DEFAULT);

        assertThat(checker.check(CompatibilityLevel.FORWARD, A, history)).isEmpty();
        assertThat(checker.check(CompatibilityLevel.FORWARD_TRANSITIVE, A, history))
                .anySatisfy(p -> assertThat(p).contains("version 1 cannot read"));
        assertThat(checker.check(CompatibilityLevel.FORWARD_TRANSITIVE, A_B_C, history)).isEmpty();
    }

    @Test
    void shouldCheckOnlyTheLatestVersionUnderFullButAllUnderFullTransitive() {
        List<PreviousVersion> history = history(A, A_B_DEFAULT);

        assertThat(checker.check(CompatibilityLevel.FULL, A_B, history)).isEmpty();
        assertThat(checker.check(CompatibilityLevel.FULL_TRANSITIVE, A_B, history)).isNotEmpty();
    }

    @Test
    void shouldAcceptAnythingUnderNone() {
        assertThat(checker.check(CompatibilityLevel.NONE, A_AS_STRING, history(A))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(CompatibilityLevel.class)
    void shouldAcceptTheFirstVersionUnderEveryLevel(CompatibilityLevel level) {
        assertThat(checker.check(level, A_AS_STRING, List.of())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = CompatibilityLevel.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void shouldRejectATypeChangeUnderEveryLevelButNone(CompatibilityLevel level) {
        assertThat(checker.check(level, A_AS_STRING, history(A)))
                .anySatisfy(p -> assertThat(p).contains("TYPE_MISMATCH"))
                .last().isEqualTo("{compatibility: '" + level.name() + "'}");
    }

    private static List<PreviousVersion> history(Schema... schemas) {
        List<PreviousVersion> versions = new ArrayList<>();
        for (int i = 0; i < schemas.length; i++) {
            versions.add(new PreviousVersion(i + 1, schemas[i]));
        }
        return versions;
    }

    private static Schema record(String fields) {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[" + fields + "]}");
    }
}

package dev.flywheel.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryClientTest {

    private static final Schema V1 = SchemaBuilder.record("Order").namespace("test").fields()
            .requiredString("id").endRecord();
    /** V1 plus a field with a default: backward and forward compatible. */
    private static final Schema V2 = SchemaBuilder.record("Order").namespace("test").fields()
            .requiredString("id").name("amount").type().doubleType().doubleDefault(0).endRecord();
    /** V2 without the default on amount: V3 cannot read V1 data, but can read V2 data. */
    private static final Schema V3 = SchemaBuilder.record("Order").namespace("test").fields()
            .requiredString("id").requiredDouble("amount").endRecord();
    /** id changes type: incompatible both ways. */
    private static final Schema BROKEN = SchemaBuilder.record("Order").namespace("test").fields()
            .requiredLong("id").endRecord();

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void shouldGiveTheSameSchemaOneGlobalIdUnderEverySubject() {
        int first = registry.register("a-value", V1);
        int second = registry.register("b-value", new Schema.Parser().parse(V1.toString()));

        assertThat(second).isEqualTo(first);
        assertThat(registry.getVersion("b-value", 1).id()).isEqualTo(first);
    }

    @Test
    void shouldReturnExistingIdAndVersionWhenRegisteringAgain() {
        int id = registry.register("s", V1);

        assertThat(registry.register("s", V1.toString())).isEqualTo(id);
        assertThat(registry.getVersions("s")).containsExactly(1);
        assertThat(registry.lookup("s", V1).version()).isEqualTo(1);
    }

    @Test
    void shouldNumberVersionsAndAnswerLatest() {
        registry.register("s", V1);
        int v2 = registry.register("s", V2);

        assertThat(registry.getVersions("s")).containsExactly(1, 2);
        assertThat(registry.getLatest("s").id()).isEqualTo(v2);
        assertThat(registry.getLatest("s").avroSchema()).isEqualTo(V2);
    }

    @Test
    void shouldRefuseIncompatibleSchemaUnderDefaultBackward() {
        registry.register("s", V1);

        assertThat(registry.testCompatibility("s", BROKEN)).isFalse();
        assertThatThrownBy(() -> registry.register("s", BROKEN))
                .isInstanceOfSatisfying(IncompatibleSchemaException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40901))
                .hasMessageContaining("subject 's'");
    }

    @Test
    void shouldCheckAllVersionsOnlyWhenTransitive() {
        registry.register("plain", V1);
        registry.register("plain", V2);
        registry.register("transitive", V1);
        registry.register("transitive", V2);
        registry.setCompatibility("transitive", CompatibilityLevel.BACKWARD_TRANSITIVE);

        assertThat(registry.register("plain", V3)).isPositive();
        assertThatThrownBy(() -> registry.register("transitive", V3)).isInstanceOf(IncompatibleSchemaException.class);
    }

    @Test
    void shouldLetSubjectConfigOverrideGlobal() {
        registry.setGlobalCompatibility(CompatibilityLevel.FULL);
        registry.register("s", V1);
        registry.setCompatibility("s", CompatibilityLevel.NONE);

        assertThat(registry.register("s", BROKEN)).isPositive();
        assertThat(registry.getCompatibility("s")).isEqualTo(CompatibilityLevel.NONE);
        registry.deleteCompatibility("s");
        assertThatThrownBy(() -> registry.getCompatibility("s"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40408));
    }

    @Test
    void shouldSoftDeleteThenPermanentlyDelete() {
        registry.register("s", V1);

        assertThatThrownBy(() -> registry.deleteSubject("s", true))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40405));
        assertThat(registry.deleteSubject("s", false)).containsExactly(1);
        assertThat(registry.getAllSubjects()).isEmpty();
        assertThat(registry.getAllSubjects(true)).containsExactly("s");
        assertThat(registry.deleteSubject("s", true)).containsExactly(1);
        assertThat(registry.getAllSubjects(true)).isEmpty();
    }

    @Test
    void shouldNumberNewVersionAfterSoftDeletedOnes() {
        registry.register("s", V1);
        registry.deleteVersion("s", 1, false);

        registry.register("s", V2);

        assertThat(registry.getVersions("s")).containsExactly(2);
    }

    @Test
    void shouldAnswerConfluentErrorCodes() {
        registry.register("s", V1);

        assertThatThrownBy(() -> registry.getVersions("nope")).satisfies(e -> assertCode(e, 404, 40401));
        assertThatThrownBy(() -> registry.getVersion("s", 9)).satisfies(e -> assertCode(e, 404, 40402));
        assertThatThrownBy(() -> registry.getSchemaById(999)).satisfies(e -> assertCode(e, 404, 40403));
        assertThatThrownBy(() -> registry.lookup("s", V2)).satisfies(e -> assertCode(e, 404, 40403));
        assertThatThrownBy(() -> registry.register("s", "{\"type\":\"nonsense\"}")).satisfies(e -> assertCode(e, 422, 42201));
        assertThatThrownBy(() -> registry.testCompatibility("s", "x", V1)).satisfies(e -> assertCode(e, 422, 42202));
    }

    @Test
    void shouldRefuseWritesInReadOnlyMode() {
        registry.setMode("s", RegistryMode.READONLY);

        assertThat(registry.getMode("s")).isEqualTo(RegistryMode.READONLY);
        assertThat(registry.getMode()).isEqualTo(RegistryMode.READWRITE);
        assertThatThrownBy(() -> registry.register("s", V1)).satisfies(e -> assertCode(e, 422, 42205));
    }

    @Test
    void shouldShareOneRegistryPerMockScope() {
        try {
            InMemorySchemaRegistryClient.forScope("shared-test").register("s", V1);

            assertThat(InMemorySchemaRegistryClient.forScope("shared-test").getAllSubjects()).containsExactly("s");
            assertThat(InMemorySchemaRegistryClient.forScope("shared-test").describe()).isEqualTo("mock://shared-test");
        } finally {
            InMemorySchemaRegistryClient.dropScope("shared-test");
        }
        assertThat(InMemorySchemaRegistryClient.forScope("shared-test").getAllSubjects()).isEmpty();
    }

    private static void assertCode(Throwable e, int status, int code) {
        assertThat(e).isInstanceOf(SchemaRegistryException.class);
        assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(status);
        assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(code);
    }
}

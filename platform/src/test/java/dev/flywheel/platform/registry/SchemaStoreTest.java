package dev.flywheel.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.platform.registry.RegistryKey.ConfigKey;
import dev.flywheel.platform.registry.RegistryKey.DeleteSubjectKey;
import dev.flywheel.platform.registry.RegistryKey.SchemaKey;
import dev.flywheel.platform.registry.RegistryValue.ConfigValue;
import dev.flywheel.platform.registry.RegistryValue.DeleteSubjectValue;
import dev.flywheel.platform.registry.RegistryValue.SchemaValue;
import org.junit.jupiter.api.Test;

class SchemaStoreTest {

    private final SchemaStore store = new SchemaStore();

    @Test
    void shouldIndexOneSchemaUnderTwoSubjectsByOneId() {
        register("a", 1, 1, "\"int\"");
        register("b", 1, 1, "\"int\"");

        assertThat(store.id("\"int\"")).hasValue(1);
        assertThat(store.versionsWithId(1)).extracting(SchemaValue::subject).containsExactly("a", "b");
    }

    @Test
    void shouldMarkVersionsUpToTheWatermarkDeletedOnDeleteSubject() {
        register("a", 1, 1, "\"int\"");
        register("a", 2, 2, "\"long\"");

        store.apply(new DeleteSubjectKey("a"), new DeleteSubjectValue("a", 2));

        assertThat(store.versions("a")).allMatch(SchemaValue::deleted);
        assertThat(store.schema(1)).hasValue("\"int\""); // ids of soft-deleted versions still resolve
    }

    @Test
    void shouldForgetAnIdOnceNoVersionUsesItButNeverLowerTheMaxId() {
        register("a", 1, 5, "\"int\"");

        store.apply(new SchemaKey("a", 1), null);

        assertThat(store.subjects()).isEmpty();
        assertThat(store.schema(5)).isEmpty();
        assertThat(store.id("\"int\"")).isEmpty();
        assertThat(store.maxId()).isEqualTo(5);
    }

    @Test
    void shouldSetAndClearSubjectAndGlobalConfig() {
        store.apply(new ConfigKey(null), new ConfigValue(null, CompatibilityLevel.FULL));
        store.apply(new ConfigKey("a"), new ConfigValue("a", CompatibilityLevel.NONE));
        store.apply(new ConfigKey("a"), null);

        assertThat(store.globalConfig()).hasValue(CompatibilityLevel.FULL);
        assertThat(store.subjectConfig("a")).isEmpty();
    }

    private void register(String subject, int version, int id, String schema) {
        store.apply(new SchemaKey(subject, version), new SchemaValue(subject, version, id, "AVRO", schema, false));
    }
}

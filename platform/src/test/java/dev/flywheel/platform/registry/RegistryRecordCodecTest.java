package dev.flywheel.platform.registry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.platform.registry.RegistryKey.ConfigKey;
import dev.flywheel.platform.registry.RegistryKey.DeleteSubjectKey;
import dev.flywheel.platform.registry.RegistryKey.ModeKey;
import dev.flywheel.platform.registry.RegistryKey.NoopKey;
import dev.flywheel.platform.registry.RegistryKey.SchemaKey;
import dev.flywheel.platform.registry.RegistryKey.Unknown;
import dev.flywheel.platform.registry.RegistryValue.ConfigValue;
import dev.flywheel.platform.registry.RegistryValue.DeleteSubjectValue;
import dev.flywheel.platform.registry.RegistryValue.ModeValue;
import dev.flywheel.platform.registry.RegistryValue.SchemaValue;
import org.junit.jupiter.api.Test;

class RegistryRecordCodecTest {

    private final RegistryRecordCodec codec = new RegistryRecordCodec();

    @Test
    void shouldEncodeKeysByteForByteAsConfluentDoes() {
        assertThat(text(codec.encodeKey(new SchemaKey("s", 1))))
                .isEqualTo("{\"keytype\":\"SCHEMA\",\"subject\":\"s\",\"version\":1,\"magic\":1}");
        assertThat(text(codec.encodeKey(new ConfigKey("s"))))
                .isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":\"s\",\"magic\":0}");
        assertThat(text(codec.encodeKey(new DeleteSubjectKey("s"))))
                .isEqualTo("{\"keytype\":\"DELETE_SUBJECT\",\"subject\":\"s\",\"magic\":0}");
        assertThat(text(codec.encodeKey(new NoopKey())))
                .isEqualTo("{\"keytype\":\"NOOP\",\"magic\":0}");
        assertThat(text(codec.encodeKey(new ModeKey("s"))))
                .isEqualTo("{\"keytype\":\"MODE\",\"subject\":\"s\",\"magic\":0}");
    }

    @Test
    void shouldLeaveSubjectOutOfGlobalConfigAndModeKeys() {
        assertThat(text(codec.encodeKey(new ConfigKey(null)))).isEqualTo("{\"keytype\":\"CONFIG\",\"magic\":0}");
        assertThat(text(codec.encodeKey(new ModeKey(null)))).isEqualTo("{\"keytype\":\"MODE\",\"magic\":0}");
    }

    @Test
    void shouldEncodeSchemaValueWithFieldsInConfluentOrder() {
        SchemaValue value = new SchemaValue("s", 2, 7, "AVRO", "\"string\"", false);

        assertThat(text(codec.encodeValue(value))).isEqualTo("{\"subject\":\"s\",\"version\":2,\"id\":7,"
                + "\"schemaType\":\"AVRO\",\"references\":[],\"schema\":\"\\\"string\\\"\",\"deleted\":false}");
    }

    @Test
    void shouldEncodeConfigModeAndDeleteSubjectValues() {
        assertThat(text(codec.encodeValue(new ConfigValue("s", CompatibilityLevel.FULL))))
                .isEqualTo("{\"subject\":\"s\",\"compatibilityLevel\":\"FULL\"}");
        assertThat(text(codec.encodeValue(new ConfigValue(null, CompatibilityLevel.NONE))))
                .isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
        assertThat(text(codec.encodeValue(new ModeValue(null, Mode.READONLY))))
                .isEqualTo("{\"mode\":\"READONLY\"}");
        assertThat(text(codec.encodeValue(new DeleteSubjectValue("s", 3))))
                .isEqualTo("{\"subject\":\"s\",\"version\":3}");
    }

    @Test
    void shouldDecodeWhatItEncodes() {
        SchemaKey key = new SchemaKey("orders-value", 3);
        SchemaValue value = new SchemaValue("orders-value", 3, 12, "AVRO", "{\"type\":\"string\"}", true);

        assertThat(codec.decodeKey(codec.encodeKey(key))).isEqualTo(key);
        assertThat(codec.decodeValue(key, codec.encodeValue(value))).isEqualTo(value);
        ConfigKey global = new ConfigKey(null);
        assertThat(codec.decodeValue(global, codec.encodeValue(new ConfigValue(null, CompatibilityLevel.FULL))))
                .isEqualTo(new ConfigValue(null, CompatibilityLevel.FULL));
    }

    @Test
    void shouldReadRecordsWrittenByOlderConfluentVersions() {
        // Older servers wrote no schemaType or references, an explicit null subject, and extra fields.
        RegistryKey key = codec.decodeKey(bytes("{\"magic\":1,\"keytype\":\"SCHEMA\",\"subject\":\"t\",\"version\":1}"));
        RegistryValue value = codec.decodeValue(key,
                bytes("{\"subject\":\"t\",\"version\":1,\"id\":4,\"md5\":\"x\",\"schema\":\"\\\"int\\\"\",\"deleted\":false}"));

        assertThat(key).isEqualTo(new SchemaKey("t", 1));
        assertThat(value).isEqualTo(new SchemaValue("t", 1, 4, "AVRO", "\"int\"", false));
        assertThat(codec.decodeKey(bytes("{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}")))
                .isEqualTo(new ConfigKey(null));
    }

    @Test
    void shouldTurnUnknownKeyTypesIntoUnknownKeys() {
        RegistryKey key = codec.decodeKey(bytes("{\"keytype\":\"CONTEXT\",\"tenant\":\"default\",\"context\":\".\",\"magic\":0}"));

        assertThat(key).isEqualTo(new Unknown("CONTEXT"));
        assertThat(codec.decodeValue(key, bytes("{\"tenant\":\"default\"}"))).isNull();
    }

    @Test
    void shouldDecodeTombstonesToNull() {
        assertThat(codec.decodeValue(new SchemaKey("s", 1), null)).isNull();
        assertThat(codec.decodeValue(new NoopKey(), null)).isNull();
    }

    @Test
    void shouldRejectKeysThatAreNotJsonWithAClearMessage() {
        assertThatThrownBy(() -> codec.decodeKey(bytes("not json")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key is not JSON");
        assertThatThrownBy(() -> codec.decodeKey(bytes("{\"keytype\":\"SCHEMA\",\"subject\":\"s\"}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'version'");
    }

    private static String text(byte[] bytes) {
        return new String(bytes, UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }
}

package dev.flywheel.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.platform.registry.SchemaParser.ParsedSchema;
import org.junit.jupiter.api.Test;

class SchemaParserTest {

    private final SchemaParser parser = new SchemaParser();

    @Test
    void shouldGiveTheSameCanonicalFormWhateverTheAttributeOrderAndWhiteSpace() {
        String compact = "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"acme\","
                + "\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}";
        String reordered = "{ \"fields\": [ { \"type\": \"long\", \"name\": \"id\" } ],\n"
                + "  \"namespace\": \"acme\", \"name\": \"User\", \"type\": \"record\" }";

        assertThat(parser.parse(null, reordered).canonical()).isEqualTo(parser.parse("AVRO", compact).canonical());
    }

    @Test
    void shouldKeepDocsDefaultsAndCustomPropertiesInTheCanonicalForm() {
        String schema = "{\"type\":\"record\",\"name\":\"User\",\"doc\":\"a user\",\"owner\":\"team-a\","
                + "\"fields\":[{\"name\":\"country\",\"type\":\"string\",\"default\":\"DE\",\"doc\":\"ISO code\"}]}";

        String canonical = parser.parse(null, schema).canonical();

        assertThat(canonical).contains("\"doc\":\"a user\"", "\"default\":\"DE\"", "\"doc\":\"ISO code\"",
                "\"owner\":\"team-a\"");
        assertThat(canonical).isNotEqualTo(parser.parse(null, schema.replace("\"DE\"", "\"FR\"")).canonical());
    }

    @Test
    void shouldParsePrimitiveSchemas() {
        ParsedSchema parsed = parser.parse(null, "\"string\"");

        assertThat(parsed.canonical()).isEqualTo("\"string\"");
    }

    @Test
    void shouldRejectInvalidSchemasWith42201() {
        assertThatThrownBy(() -> parser.parse(null, "{\"type\":\"record\",\"name\":\"X\"}"))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(42201);
                    assertThat(e.httpStatus()).isEqualTo(422);
                })
                .hasMessageContaining("Invalid schema");
        assertThatThrownBy(() -> parser.parse(null, "not json"))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(42201));
        assertThatThrownBy(() -> parser.parse(null, " "))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(42201))
                .hasMessageContaining("Empty schema");
    }

    @Test
    void shouldRejectADefaultOfTheWrongType() {
        String schema = "{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"n\",\"type\":\"int\",\"default\":\"x\"}]}";

        assertThatThrownBy(() -> parser.parse(null, schema))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(42201));
    }

    @Test
    void shouldRejectProtobufAndJsonSchemaTypesSayingOnlyAvroIsSupported() {
        assertThatThrownBy(() -> parser.parse("PROTOBUF", "syntax = \"proto3\";"))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(42201))
                .hasMessageContaining("PROTOBUF is not supported")
                .hasMessageContaining("AVRO");
        assertThatThrownBy(() -> parser.parse("json", "{}"))
                .hasMessageContaining("JSON is not supported");
        assertThatThrownBy(() -> parser.parse("XML", "<a/>"))
                .hasMessageContaining("Invalid schema type XML");
    }

    @Test
    void shouldAcceptSchemaTypeAvroInAnyCase() {
        assertThat(parser.parse("avro", "\"int\"").canonical()).isEqualTo("\"int\"");
    }
}

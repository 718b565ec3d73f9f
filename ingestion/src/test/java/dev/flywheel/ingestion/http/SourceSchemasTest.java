package dev.flywheel.ingestion.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.schemas.registry.InMemorySchemaRegistryClient;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.SourceSpec;
import dev.flywheel.topology.spec.SpecLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceSchemasTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void shouldCacheLatestSchemaForTheRefreshInterval() {
        // given
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        registry.register("txns-value", IngestFixtures.TXN);
        FlywheelSpec spec = IngestFixtures.spec("txns");
        SourceSchemas schemas = new SourceSchemas(spec.sources(), dir, registry, Duration.ofSeconds(30), CLOCK);
        SourceSpec source = spec.source("transactions").orElseThrow();
        assertThat(schemas.schemaOf(source, "txns")).isEqualTo(IngestFixtures.TXN);

        // when: a compatible new version is registered
        Schema v2 = SchemaBuilder.record("Txn").namespace("dev.flywheel.test").fields()
                .optionalString("card_id").requiredDouble("amount").name("country").type().stringType().stringDefault("US")
                .name("ts").type(IngestFixtures.TXN.getField("ts").schema()).noDefault()
                .name("channel").type().stringType().stringDefault("web").endRecord();
        registry.register("txns-value", v2);

        // then: the cached one serves until the refresh interval passes
        assertThat(schemas.schemaOf(source, "txns")).isEqualTo(IngestFixtures.TXN);
        SourceSchemas later = new SourceSchemas(spec.sources(), dir, registry, Duration.ZERO, CLOCK);
        assertThat(later.schemaOf(source, "txns")).isEqualTo(v2);
    }

    @Test
    void shouldFailAtStartWhenPinnedReaderSchemaCannotBeRead() {
        // given
        FlywheelSpec spec = SpecLoader.parse("flywheel.yaml", """
                project: test
                sources:
                  - {name: clicks, key: user_id, reader_schema: missing.avsc}
                """);

        // when / then
        assertThatThrownBy(() -> new SourceSchemas(spec.sources(), dir, new InMemorySchemaRegistryClient(),
                Duration.ofSeconds(30), CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Cannot read reader_schema").hasMessageContaining("of source 'clicks'");
    }
}

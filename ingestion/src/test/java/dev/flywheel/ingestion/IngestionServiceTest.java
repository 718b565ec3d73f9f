package dev.flywheel.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.schemas.registry.InMemorySchemaRegistryClient;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.runtime.HealthStatus;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.SourceSpec;
import dev.flywheel.topology.spec.SpecLoader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime wrapper without a broker: one stage per source, reader schemas loaded up front, clean close. */
class IngestionServiceTest {

    @TempDir
    Path dir;

    private IngestionService create(FlywheelSpec spec, SchemaRegistryClient registry) {
        return IngestionService.create(spec, dir, FlywheelConfig.load(Map.of("FLYWHEEL_STATE_DIR",
                dir.resolve("state").toString()), Map.of()), new SimpleMeterRegistry(), registry,
                UnaryOperator.identity(), Clock.systemUTC());
    }

    @Test
    void shouldRunOneStreamThreadPerPartitionAtMostTwoPerCore() {
        FlywheelConfig onePartition = FlywheelConfig.load(Map.of(), Map.of("topic.partitions", "1"));
        FlywheelConfig manyPartitions = FlywheelConfig.load(Map.of(), Map.of("topic.partitions", "10000"));

        assertThat(IngestionService.streamThreads(onePartition)).isEqualTo(1);
        assertThat(IngestionService.streamThreads(manyPartitions)).isEqualTo(2 * Runtime.getRuntime().availableProcessors());
    }

    @Test
    void shouldBuildOneStagePerSourceInSpecOrder() {
        FlywheelSpec spec = new FlywheelSpec("test", List.of(Txns.source("orders", Optional.empty()),
                Txns.source("clicks", Optional.empty())), List.of(), List.of(), List.of(), List.of());

        try (IngestionService service = create(spec, new InMemorySchemaRegistryClient())) {
            assertThat(service.health()).containsOnlyKeys("orders", "clicks");
            assertThat(service.health().keySet()).containsExactly("orders", "clicks");
            assertThat(service.health().values()).allSatisfy(h -> assertThat(h.status()).isEqualTo(HealthStatus.DOWN));
            assertThat(service.stages().get("clicks").applicationId()).isEqualTo("flywheel-ingestion-clicks");
        }
    }

    @Test
    void shouldIngestALabelThatDeclaresNoSourceThroughItsImplicitSource() {
        // given a label with no source of its own
        FlywheelSpec spec = SpecLoader.parse("flywheel.yaml", """
                project: test
                sources:
                  - {name: orders, key: id}
                labels:
                  - {name: fraud_labels, topic: fraud-labels, key: id, timestamp: ts, field: is_fraud}
                """);

        // when
        try (IngestionService service = create(spec, new InMemorySchemaRegistryClient())) {
            // then it gets a stage, as a declared source would
            assertThat(service.health().keySet()).containsExactly("orders", "fraud_labels");
            assertThat(service.stages().get("fraud_labels").applicationId())
                    .isEqualTo("flywheel-ingestion-fraud_labels");
        }
    }

    @Test
    void shouldCloseTheRegistryClientWithTheService() {
        AtomicBoolean closed = new AtomicBoolean();
        InMemorySchemaRegistryClient real = new InMemorySchemaRegistryClient();
        SchemaRegistryClient registry = (SchemaRegistryClient) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SchemaRegistryClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        closed.set(true);
                        return null;
                    }
                    return method.invoke(real, args);
                });

        create(Txns.spec(Txns.source(Optional.empty())), registry).close();

        assertThat(closed).isTrue();
    }

    @Test
    void shouldLoadReaderSchemaRelativeToTheSpecFolder() throws Exception {
        Files.createDirectories(dir.resolve("schemas"));
        Files.writeString(dir.resolve("schemas/txn.avsc"), Txns.V1.toString());

        assertThat(ReaderSchemas.load(Txns.source(Optional.of("schemas/txn.avsc")), dir)).contains(Txns.V1);
        assertThat(ReaderSchemas.load(Txns.source(Optional.empty()), dir)).isEmpty();
    }

    @Test
    void shouldFailFastNamingSourceAndFileWhenReaderSchemaIsMissing() {
        SourceSpec source = Txns.source(Optional.of("schemas/missing.avsc"));

        assertThatThrownBy(() -> create(Txns.spec(source), new InMemorySchemaRegistryClient()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("source 'txns'")
                .hasMessageContaining(dir.resolve("schemas/missing.avsc").toString())
                .hasMessageContaining("cannot be read");
    }

    @Test
    void shouldRefuseReaderSchemaThatIsNotAnAvroRecord() throws Exception {
        Files.writeString(dir.resolve("broken.avsc"), "{\"type\": \"record\", \"name\": ");
        Files.writeString(dir.resolve("string.avsc"), "\"string\"");

        assertThatThrownBy(() -> ReaderSchemas.load(Txns.source(Optional.of("broken.avsc")), dir))
                .hasMessageContaining("is not a valid Avro schema");
        assertThatThrownBy(() -> ReaderSchemas.load(Txns.source(Optional.of("string.avsc")), dir))
                .hasMessageContaining("is a string schema, expected a record");
    }
}

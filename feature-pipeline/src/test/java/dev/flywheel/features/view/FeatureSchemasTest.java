package dev.flywheel.features.view;

import static dev.flywheel.features.view.ViewFixture.feature;
import static dev.flywheel.features.view.ViewFixture.sliding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.schemas.registry.CompatibilityLevel;
import dev.flywheel.schemas.registry.InMemorySchemaRegistryClient;
import dev.flywheel.topology.spec.Aggregation;
import dev.flywheel.topology.spec.FeatureSpec;
import dev.flywheel.topology.spec.FeatureViewSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The generated value schema of {@code features.<view>} and how it evolves in the registry. */
class FeatureSchemasTest {

    private static final String SUBJECT = FeatureSchemas.subject("features.card_spend");

    private static Schema schemaOf(FeatureSpec... features) {
        FeatureViewSpec spec = new FeatureViewSpec(ViewFixture.VIEW, ViewFixture.SOURCE, List.of("card_id", "merchant"),
                Optional.empty(), Duration.ZERO, List.of(features));
        return ResolvedView.of(spec, ViewFixture.source(Optional.of("ts")), ViewFixture.TXN).outputSchema();
    }

    @Test
    void shouldGenerateEntityFieldsEventTimestampCreatedAndOneNullableFieldPerFeature() {
        Schema schema = schemaOf(feature("n", Aggregation.COUNT, null, sliding(Duration.ofHours(1))),
                feature("qty_sum", Aggregation.SUM, "qty", null),
                feature("amount_sum", Aggregation.SUM, "amount", null),
                feature("amount_avg", Aggregation.AVG, "qty", null),
                feature("qty_max", Aggregation.MAX, "qty", null),
                feature("country", Aggregation.PASSTHROUGH, "country", null));

        assertThat(schema.getFullName()).isEqualTo("dev.flywheel.features.card_spend");
        assertThat(schema.getFields()).extracting(Schema.Field::name).containsExactly("card_id", "merchant",
                "event_timestamp", "created", "n", "qty_sum", "amount_sum", "amount_avg", "qty_max", "country");
        assertThat(schema.getField("card_id").schema().getType()).isEqualTo(Schema.Type.STRING);
        assertThat(schema.getField("merchant").schema().getType()).isEqualTo(Schema.Type.LONG);
        assertThat(schema.getField("event_timestamp").schema().getLogicalType().getName()).isEqualTo("timestamp-millis");
        assertThat(schema.getField("created").schema().getLogicalType().getName()).isEqualTo("timestamp-millis");
        assertThat(nullable(schema, "n")).isEqualTo(Schema.Type.LONG);
        assertThat(nullable(schema, "qty_sum")).isEqualTo(Schema.Type.LONG);
        assertThat(nullable(schema, "amount_sum")).isEqualTo(Schema.Type.DOUBLE);
        assertThat(nullable(schema, "amount_avg")).isEqualTo(Schema.Type.DOUBLE);
        assertThat(nullable(schema, "qty_max")).isEqualTo(Schema.Type.INT);
        assertThat(nullable(schema, "country")).isEqualTo(Schema.Type.STRING);
    }

    @Test
    void shouldEvolveCompatiblyWhenAViewGainsAFeature() {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        registry.setCompatibility(SUBJECT, CompatibilityLevel.FULL_TRANSITIVE);
        Schema v1 = schemaOf(feature("n", Aggregation.COUNT, null, null));
        Schema v2 = schemaOf(feature("n", Aggregation.COUNT, null, null),
                feature("amount_avg", Aggregation.AVG, "amount", sliding(Duration.ofHours(1))));
        registry.register(SUBJECT, v1);

        assertThat(registry.testCompatibility(SUBJECT, v2)).isTrue();
        registry.register(SUBJECT, v2);
        assertThat(registry.getVersions(SUBJECT)).containsExactly(1, 2);
    }

    @Test
    void shouldBeRefusedByTheRegistryWhenAFeatureChangesType() {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        registry.register(SUBJECT, schemaOf(feature("x", Aggregation.COUNT, null, null)));

        assertThat(registry.testCompatibility(SUBJECT, schemaOf(feature("x", Aggregation.LAST, "country", null))))
                .isFalse();
    }

    @Test
    void shouldNameEveryFieldThatDoesNotFitTheSourceSchema() {
        assertThatThrownBy(() -> schemaOf(feature("a", Aggregation.SUM, "country", null),
                feature("b", Aggregation.MAX, "nope", null),
                feature("card_id", Aggregation.COUNT, null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sum cannot read field 'country' of type STRING")
                .hasMessageContaining("no field 'nope'")
                .hasMessageContaining("feature 'card_id' has the name of a field every row carries");
    }

    private static Schema.Type nullable(Schema schema, String field) {
        Schema union = schema.getField(field).schema();
        assertThat(union.getTypes().get(0).getType()).isEqualTo(Schema.Type.NULL);
        assertThat(schema.getField(field).defaultVal()).isEqualTo(org.apache.avro.JsonProperties.NULL_VALUE);
        return union.getTypes().get(1).getType();
    }
}

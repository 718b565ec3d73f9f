package dev.flywheel.features.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FeatureRefTest {

    @Test
    void shouldParseViewAndFeature() {
        assertThat(FeatureRef.parse("card_spend:txn_count")).isEqualTo(new FeatureRef("card_spend", "txn_count"));
        assertThat(FeatureRef.parse("card_spend:txn_count").toString()).isEqualTo("card_spend:txn_count");
    }

    @Test
    void shouldRejectMalformedReferences() {
        assertThatThrownBy(() -> FeatureRef.parse("txn_count")).hasMessageContaining("view:feature");
        assertThatThrownBy(() -> FeatureRef.parse(":x")).hasMessageContaining("view:feature");
        assertThatThrownBy(() -> FeatureRef.parse("v:")).hasMessageContaining("view:feature");
    }
}

package dev.flywheel.registry.versions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rollback stack and request bookkeeping of a model, and its JSON form. */
class ModelSummaryTest {

    @Test
    void shouldPushTheOldChampionOnPromotionAndPopOnRollback() {
        ModelSummary summary = ModelSummary.empty("m").withRegistered(1, "r1").withRegistered(2, "r2")
                .withChampion(1, false).withChampion(2, false);
        assertThat(summary.previousChampions()).containsExactly(1);
        assertThat(summary.rollbackTarget()).contains(1);

        ModelSummary rolledBack = summary.withChampion(1, true);

        assertThat(rolledBack.champion()).isEqualTo(1);
        assertThat(rolledBack.previousChampions()).isEmpty();
        assertThat(rolledBack.versionOf("r2")).contains(2);
    }

    @Test
    void shouldSurviveAJsonRoundTrip() {
        ModelSummary summary = ModelSummary.empty("m").withRegistered(3, "r3").withChampion(3, false);
        JsonSerde<ModelSummary> serde = new JsonSerde<>(ModelSummary.class);

        ModelSummary read = serde.deserializer().deserialize("t", serde.serializer().serialize("t", summary));

        assertThat(read).isEqualTo(summary);
    }
}

package dev.flywheel.features.online;

import static org.assertj.core.api.Assertions.assertThat;

import feast.proto.types.ValueProto.Value;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NewestPerEntityTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Value ONE = Value.newBuilder().setInt64Val(1).build();

    private static FeatureRow row(String entity, long eventMillis, Long createdMillis, String... features) {
        Map<String, Value> values = new java.util.LinkedHashMap<>();
        for (String feature : features) {
            values.put(feature, ONE);
        }
        return new FeatureRow("v", EntityKey.of("id", Value.newBuilder().setStringVal(entity).build()),
                T0.plusMillis(eventMillis), Optional.ofNullable(createdMillis).map(T0::plusMillis), values);
    }

    private static List<Integer> select(FeatureRow... rows) {
        List<byte[]> keys = new ArrayList<>();
        for (FeatureRow row : rows) {
            keys.add(row.entityKey().values().get("id").getStringVal().getBytes(StandardCharsets.UTF_8));
        }
        return NewestPerEntity.select(List.of(rows), keys);
    }

    @Test
    void shouldSendOnlyTheNewestRowOfEachEntityInBatchOrder() {
        assertThat(select(row("a", 5, 1L, "f"), row("b", 1, 1L, "f"), row("a", 9, 1L, "f"), row("a", 7, 1L, "f")))
                .containsExactly(1, 2);
    }

    @Test
    void shouldBreakEventTimeTiesByCreatedWithAMissingCreatedLosing() {
        assertThat(select(row("a", 5, 3L, "f"), row("a", 5, 4L, "f"), row("a", 5, null, "f"))).containsExactly(1);
        assertThat(select(row("a", 5, null, "f"), row("a", 5, 0L, "f"))).containsExactly(1);
    }

    @Test
    void shouldKeepTheFirstOfEqualRowsAsTheScriptWouldWriteOnlyIt() {
        assertThat(select(row("a", 5, 3L, "f"), row("a", 5, 3L, "f"))).containsExactly(0);
        assertThat(select(row("a", 5, null, "f"), row("a", 5, null, "f"))).containsExactly(0);
    }

    @Test
    void shouldKeepAnOlderRowWithAFeatureTheNewestLacks() {
        assertThat(select(row("a", 1, 1L, "f", "g"), row("a", 2, 1L, "f"), row("a", 0, 1L, "f"))).containsExactly(0, 1);
    }
}

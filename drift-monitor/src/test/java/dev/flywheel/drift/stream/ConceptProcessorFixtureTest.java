package dev.flywheel.drift.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.drift.detect.DriftFixture;
import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.topology.spec.ErrorRateDetector;
import dev.flywheel.topology.spec.MonitorSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The shared fixture ({@code shared/fixtures/drift/abrupt_seed0.txt}: one abrupt change at index 999) through the
 * concept monitor's own processor, not only its detector: {@link ConceptProcessor} under
 * {@link MockProcessorContext}, one value per second of event time, the default one-hour cooldown. The issue's
 * acceptance: the first alarm at or after 999, a delay of at most 24 values, none before, exactly one alarm.
 */
class ConceptProcessorFixtureTest {

    private static final String STORE = DriftTopology.storeName("fixture");

    @ParameterizedTest
    @EnumSource(ErrorRateDetector.class)
    void shouldRaiseExactlyOneAlarmWithin24ValuesOfTheFixtureChange(ErrorRateDetector detector) throws IOException {
        // given
        MonitorSpec monitor = PredictionFixture.concept(detector, OptionalDouble.empty());
        MockProcessorContext<String, SpecificRecord> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(0);
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        ConceptProcessor processor = new ConceptProcessor(monitor, STORE, Optional.empty(),
                new DriftMetrics(new SimpleMeterRegistry(), monitor.name()));
        processor.init(context);
        double[] values = DriftFixture.abruptSeed0();
        // when
        for (int i = 0; i < values.length; i++) {
            processor.process(new Record<>(monitor.name(), new MonitorInput.Observation(
                    Map.of(ErrorScorer.ERROR, values[i])), i * 1000L));
        }
        // then
        List<DriftDetected> alarms = context.forwarded().stream().map(forward -> forward.record().value())
                .filter(DriftDetected.class::isInstance).map(DriftDetected.class::cast).toList();
        assertThat(alarms).hasSize(1);
        long index = alarms.get(0).getWindowEnd().toEpochMilli() / 1000;
        assertThat(index).isBetween(999L, 999L + 24);
        assertThat(alarms.get(0).getMethod()).isEqualTo(detector.name());
    }
}

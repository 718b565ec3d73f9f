package dev.flywheel.cli.dashboard;

import dev.flywheel.cli.demo.DemoProducer;
import dev.flywheel.ingestion.producer.FlywheelProducer;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.topics.TopicCatalogue;
import java.time.Clock;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The browser test's traffic: {@code flywheel demo}'s own {@link DemoProducer} (Avro payments and their fraud labels
 * through {@link FlywheelProducer}), plus a few payments from a country the contract does not allow, written first,
 * so the dead-letter views and the replay have something to show.
 */
final class DemoLiveTraffic implements LiveTraffic {

    private final SchemaRegistryClient registry;
    private final FlywheelProducer kafka;
    private final DemoProducer demo;
    private final int rejected;

    private DemoLiveTraffic(SchemaRegistryClient registry, FlywheelProducer kafka, DemoProducer demo, int rejected) {
        this.registry = registry;
        this.kafka = kafka;
        this.demo = demo;
        this.rejected = rejected;
    }

    /**
     * Writes {@code rejected} contract-breaking payments, then starts the demo producer.
     *
     * @param config the stack's resolved settings
     * @param catalogue its topics (sources {@code transactions} and {@code fraud_labels})
     * @param rate payments a second
     * @param rejected how many payments break the contract (country {@code XX}: {@code CONTRACT_ALLOWED})
     * @return the running traffic
     */
    static DemoLiveTraffic start(FlywheelConfig config, TopicCatalogue catalogue, int rate, int rejected) {
        SchemaRegistryClient registry = ClientConfigs.schemaRegistryClient(config);
        FlywheelProducer kafka = FlywheelProducer.create(config, registry);
        String transactions = catalogue.sourceInput("transactions").name();
        DemoProducer demo = DemoProducer.create(kafka, transactions, catalogue.sourceInput("fraud_labels").name(), 7L,
                Clock.systemUTC());
        demo.registerSchemas();
        for (int i = 0; i < rejected; i++) {
            GenericRecord payment = new GenericData.Record(DemoProducer.TRANSACTION);
            payment.put("txn_id", "bad-" + i);
            payment.put("card_id", "card-bad-" + i);
            payment.put("amount", 10.0 + i);
            payment.put("merchant_category", "grocery");
            payment.put("country", "XX");
            payment.put("ts", System.currentTimeMillis());
            kafka.send(transactions, "card-bad-" + i, payment).join();
        }
        demo.start(rate);
        return new DemoLiveTraffic(registry, kafka, demo, rejected);
    }

    /** How many contract-breaking payments were written. */
    int rejected() {
        return rejected;
    }

    @Override
    public void assertHealthy() {
        DemoProducer.Counts counts = demo.counts();
        if (counts.failed() > 0 || counts.transactions() == 0) {
            throw new AssertionError("The demo producer is not healthy: " + counts);
        }
    }

    @Override
    public void close() {
        try (registry; kafka) {
            demo.stop();
        }
    }
}

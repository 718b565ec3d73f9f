package dev.flywheel.ingestion;

import dev.flywheel.ingestion.contract.ContractValidator;
import dev.flywheel.topology.runtime.DlqRouting;
import dev.flywheel.topology.spec.DedupeSpec;
import dev.flywheel.topology.spec.SourceSpec;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The ingestion topology of one source, a pure factory (no clients, no lifecycle): from the producers'
 * topic, read as raw bytes, to {@code <source>.valid} and {@code <source>.dlq}.
 *
 * <pre>
 *  &lt;source&gt; (bytes) --&gt; ingest --valid--&gt; &lt;source&gt;.valid  (reader schema, lineage headers)
 *                        |   \--dlq----&gt; &lt;source&gt;.dlq    (RejectedRecord)
 *                        \-- dedupe store (window store, retention 2 x window)
 * </pre>
 *
 * <p>Decoding happens inside the topology rather than in a deserializer, so that every undecodable record
 * (wrong magic byte, unknown schema id, truncated or corrupt body, incompatible writer schema, null value)
 * becomes a {@code RejectedRecord} with its own reason code in the same transaction as the rest of the
 * output, while a registry outage fails the task to be retried.
 *
 * <p>Records whose producer bytes are forwarded as they came (see {@link ValidValues}) are decoded through a
 * projection: only the fields the contract, the event-time bounds and dedupe read are built, the rest skipped
 * (every byte is still walked, so a corrupt or truncated body is refused as by a full decode).
 */
public final class IngestionTopology {

    /** Name of the processor that decodes, checks and deduplicates. */
    public static final String PROCESSOR = "ingest";
    /** Name of the sink of valid records. */
    public static final String VALID_SINK = "valid";
    /** Name of the sink of rejected records. */
    public static final String DLQ_SINK = "dlq";

    private static final String SOURCE_NODE = "input";

    private IngestionTopology() {
    }

    /**
     * Builds the topology of one source.
     *
     * @param source the source: topic, contract, time bounds, dedupe
     * @param topics its topics and the decoder of its records
     * @param dlq builds, counts and logs the rejections (the same routing the stage's error handlers use)
     * @param metrics counts accepted records and duplicates
     * @param clock the ingest-time clock: lineage headers and event-time bounds are measured from it
     * @return the topology
     */
    public static Topology buildTopology(SourceSpec source, SourceTopics topics, DlqRouting dlq,
                                         IngestionMetrics metrics, Clock clock) {
        ContractValidator validator = ContractValidator.of(source);
        Set<String> checked = new LinkedHashSet<>(validator.fieldsRead());
        source.dedupe().ifPresent(dedupe -> checked.add(dedupe.field()));
        Deserializer<GenericRecord> projected = topics.decoder().projecting(checked);
        Topology topology = new Topology();
        topology.addSource(SOURCE_NODE, Serdes.Bytes().deserializer(), Serdes.Bytes().deserializer(),
                topics.input().name());
        topology.addProcessor(PROCESSOR, () -> new IngestProcessor(source, topics.decoder(), projected, validator,
                new ValidValues(topics.valid().name(), topics.valid().valueSerde().serializer()), dlq, metrics, clock),
                SOURCE_NODE);
        source.dedupe().ifPresent(dedupe -> topology.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(dedupeStoreName(source), dedupe.window().multipliedBy(2),
                        dedupe.window(), false), Serdes.String(), Serdes.Long()), PROCESSOR));
        topology.addSink(VALID_SINK, topics.valid().name(), topics.valid().keySerde().serializer(),
                ValidValues.sinkSerializer(topics.valid().valueSerde().serializer()), PROCESSOR);
        topology.addSink(DLQ_SINK, topics.dlq().name(), topics.dlq().keySerde().serializer(),
                topics.dlq().valueSerde().serializer(), PROCESSOR);
        return topology;
    }

    /**
     * Returns the name of a source's dedupe store (its changelog topic is
     * {@code <application.id>-<store>-changelog}).
     *
     * @param source the source
     * @return the store name
     */
    public static String dedupeStoreName(SourceSpec source) {
        return source.name() + "-dedupe-" + source.dedupe().map(DedupeSpec::field).orElse("none").replace('.', '_');
    }
}

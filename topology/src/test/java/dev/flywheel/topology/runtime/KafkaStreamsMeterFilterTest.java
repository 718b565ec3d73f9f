package dev.flywheel.topology.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.topology.config.StreamsMetricsDetail;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.stats.Value;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The meter filter over Micrometer's Kafka binder, fed the metric names and tags a Kafka Streams client registers
 * (stream client, stream thread, task, processor node, two state stores of different types, a broker connection),
 * scraped in Prometheus' format as {@code /metrics} serves it.
 */
class KafkaStreamsMeterFilterTest {

    private static final String THREAD = "app-StreamThread-1";

    /** Kafka Streams' metric names of one stage: group, name and tags as Kafka registers them. */
    private static Map<MetricName, KafkaMetric> streamsLikeMetrics(Metrics registry) {
        Map<MetricName, KafkaMetric> metrics = new LinkedHashMap<>();
        add(registry, metrics, "stream-metrics", "alive-stream-threads", Map.of("client-id", "app"));
        add(registry, metrics, "stream-thread-metrics", "process-rate", Map.of("thread-id", THREAD));
        add(registry, metrics, "stream-thread-metrics", "commit-latency-avg", Map.of("thread-id", THREAD));
        add(registry, metrics, "consumer-fetch-manager-metrics", "records-lag-max", Map.of("client-id", "app-consumer"));
        add(registry, metrics, "producer-metrics", "record-send-rate", Map.of("client-id", "app-producer"));
        add(registry, metrics, "stream-task-metrics", "process-rate", Map.of("thread-id", THREAD, "task-id", "0_0"));
        add(registry, metrics, "stream-processor-node-metrics", "process-rate",
                Map.of("thread-id", THREAD, "task-id", "0_0", "processor-node-id", "KSTREAM-SOURCE-0000000000"));
        add(registry, metrics, "stream-state-metrics", "put-rate",
                Map.of("thread-id", THREAD, "task-id", "0_0", "rocksdb-state-id", "counts"));
        add(registry, metrics, "stream-state-metrics", "put-rate",
                Map.of("thread-id", THREAD, "task-id", "1_0", "in-memory-state-id", "latest"));
        add(registry, metrics, "producer-node-metrics", "request-rate",
                Map.of("client-id", "app-producer", "node-id", "node-1"));
        return metrics;
    }

    private static void add(Metrics registry, Map<MetricName, KafkaMetric> metrics, String group, String name,
                            Map<String, String> tags) {
        MetricName metricName = registry.metricName(name, group, tags);
        registry.addMetric(metricName, new Value());
        metrics.put(metricName, registry.metric(metricName));
    }

    private static String scrape(StreamsMetricsDetail detail) {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        prometheus.config().meterFilter(KafkaStreamsMeterFilter.of(detail));
        try (Metrics kafka = new Metrics();
             MockProducer<String, String> client = new MockProducer<>(true, null, new StringSerializer(),
                     new StringSerializer());
             KafkaClientMetrics binder = new KafkaClientMetrics(client, Tags.of("stage", "echo"))) {
            streamsLikeMetrics(kafka).forEach(client::setMockMetrics);
            binder.bindTo(prometheus);
            return prometheus.scrape();
        }
    }

    @Test
    void shouldKeepClientThreadAndKafkaClientMetersAndDropPerTaskNodeStoreAndBrokerMetersByDefault() {
        String scrape = scrape(StreamsMetricsDetail.STAGE);

        assertThat(scrape).contains("kafka_stream_alive_stream_threads{", "kafka_stream_thread_process_rate{",
                        "kafka_stream_thread_commit_latency_avg{", "kafka_consumer_fetch_manager_records_lag_max{",
                        "kafka_producer_record_send_rate{", "stage=\"echo\"")
                .doesNotContain("kafka_stream_task_", "kafka_stream_processor_node_", "kafka_stream_state_",
                        "kafka_producer_node_");
    }

    @Test
    void shouldKeepEveryStateStoreOfEveryTypeUnderOneSetOfTagKeysAtAllDetail() {
        String scrape = scrape(StreamsMetricsDetail.ALL);

        assertThat(scrape).contains("kafka_stream_task_process_rate{", "kafka_stream_processor_node_process_rate{",
                        "kafka_producer_node_request_rate{", "kafka_stream_thread_process_rate{")
                .containsPattern("kafka_stream_state_put_rate\\{[^}]*state_id=\"counts\"")
                .containsPattern("kafka_stream_state_put_rate\\{[^}]*state_id=\"latest\"")
                .doesNotContain("rocksdb_state_id", "in_memory_state_id");
    }
}

package dev.flywheel.topology.runtime;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records that cannot be deserialized to their source's DLQ as {@code RejectedRecord}s and goes
 * on with the next record, so one bad payload neither crashes the stage nor blocks its partition.
 * Kafka Streams produces the DLQ record in the same transaction as the stage's other output.
 *
 * <p>When the schema registry is out of reach the record may well be fine, so it is not rejected: the
 * handler fails the task and the thread policy retries. When a record cannot be routed (no DLQ for its
 * topic, or serializing the rejection fails), the handler fails the stage rather than drop the record.
 */
public final class DlqDeserializationExceptionHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DlqDeserializationExceptionHandler.class);

    private DlqRouting routing;
    private ReasonClassifier classifier = ReasonClassifier.DEFAULT;

    @Override
    public void configure(Map<String, ?> configs) {
        routing = DlqHandlerSupport.routing(configs, getClass());
        if (configs.get(ReasonClassifier.CONFIG) instanceof ReasonClassifier custom) {
            classifier = custom;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                Exception exception) {
        if (DlqHandlerSupport.registryOutOfReach(exception)) {
            LOG.warn("Schema registry out of reach while decoding {}-{}@{}; failing the task to retry it",
                    record.topic(), record.partition(), record.offset());
            return Response.fail();
        }
        Rejection rejection = Rejection.of(record, classifier.reasonOf(exception),
                DlqHandlerSupport.describe(exception));
        try {
            return Response.resume(List.of(routing.route(rejection)));
        } catch (RuntimeException cannotRoute) {
            LOG.error("Cannot route undecodable record {}-{}@{} to a DLQ; failing the stage rather than dropping it",
                    record.topic(), record.partition(), record.offset(), cannotRoute);
            return Response.fail();
        }
    }
}

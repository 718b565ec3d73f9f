package dev.flywheel.topology.runtime;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When an output record cannot be serialized, or the broker refuses it for good (too large,
 * invalid), sends the input record that produced it to its source's DLQ and goes on. Retriable send
 * errors are retried. A serializer that cannot reach the schema registry (registering or looking up the
 * output's schema) fails the task so the thread policy retries it: the record is not at fault. When there is no input record to route (a punctuation's output) or no DLQ, the
 * stage fails rather than drop anything.
 */
public final class DlqProductionExceptionHandler implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DlqProductionExceptionHandler.class);

    private DlqRouting routing;

    @Override
    public void configure(Map<String, ?> configs) {
        routing = DlqHandlerSupport.routing(configs, getClass());
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                Exception exception) {
        if (exception instanceof RetriableException) {
            return Response.retry();
        }
        return route(context, DlqRouting.PRODUCTION_FAILED, "producing to " + record.topic() + " failed: "
                + DlqHandlerSupport.describe(exception));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        if (DlqHandlerSupport.registryOutOfReach(exception)) {
            LOG.warn("Schema registry out of reach while serializing output for {} (input {}-{}@{}); failing the "
                    + "task to retry it", record.topic(), context.topic(), context.partition(), context.offset());
            return Response.fail();
        }
        return route(context, DlqRouting.SERIALIZATION_FAILED, "serializing the " + origin.name().toLowerCase(
                java.util.Locale.ROOT) + " for " + record.topic() + " failed: " + DlqHandlerSupport.describe(exception));
    }

    private Response route(ErrorHandlerContext context, String reasonCode, String message) {
        if (context.topic() == null) {
            LOG.error("Cannot route failed output of processor {} to a DLQ: it has no input record ({}); failing "
                    + "the stage", context.processorNodeId(), message);
            return Response.fail();
        }
        try {
            return Response.resume(List.of(routing.route(Rejection.of(context, reasonCode, message))));
        } catch (RuntimeException cannotRoute) {
            LOG.error("Cannot route {}-{}@{} to a DLQ ({}); failing the stage rather than dropping it",
                    context.topic(), context.partition(), context.offset(), message, cannotRoute);
            return Response.fail();
        }
    }
}

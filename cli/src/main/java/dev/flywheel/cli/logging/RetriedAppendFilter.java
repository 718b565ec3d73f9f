package dev.flywheel.cli.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;

/**
 * Keeps the embedded broker's ERROR lines about retried appends off the terminal. Under transactions v2 a broker
 * rejects a transactional producer's batch whose sequence runs ahead of what it has (KAFKA-18202: the first batch
 * of a partition in a transaction was still being verified), and the producer sends it again: a retriable
 * {@link OutOfOrderSequenceException} that {@code kafka.server.ReplicaManager} logs at ERROR with a stack trace,
 * about a hundred times a minute under the demo's load. A producer that cannot get past it fails its stage, which
 * the stage's health and Flywheel's own loggers report; every other broker line passes.
 */
public final class RetriedAppendFilter extends Filter<ILoggingEvent> {

    /** The broker's logger of append failures. */
    static final String BROKER_APPENDS = "kafka.server.ReplicaManager";

    @Override
    public FilterReply decide(ILoggingEvent event) {
        IThrowableProxy thrown = event.getThrowableProxy();
        return BROKER_APPENDS.equals(event.getLoggerName()) && thrown != null
                && OutOfOrderSequenceException.class.getName().equals(thrown.getClassName())
                ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}

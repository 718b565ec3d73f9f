package dev.flywheel.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.Test;

/** Only the broker's retried-append errors are kept off the terminal. */
class RetriedAppendFilterTest {

    private final LoggerContext context = new LoggerContext();
    private final RetriedAppendFilter filter = new RetriedAppendFilter();

    private LoggingEvent event(String logger, Throwable thrown) {
        Logger target = context.getLogger(logger);
        return new LoggingEvent(Logger.class.getName(), target, Level.ERROR, "Error processing append operation on "
                + "partition transactions.valid-0", thrown, null);
    }

    @Test
    void shouldDenyTheBrokersOutOfOrderSequenceErrors() {
        assertThat(filter.decide(event(RetriedAppendFilter.BROKER_APPENDS, new OutOfOrderSequenceException(
                "Invalid sequence number for producer 8 at offset 67: 5 (incoming seq. number)"))))
                .isEqualTo(FilterReply.DENY);
    }

    @Test
    void shouldPassOtherBrokerErrorsAndOtherLoggers() {
        assertThat(filter.decide(event(RetriedAppendFilter.BROKER_APPENDS, new NotLeaderOrFollowerException("moved"))))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(event(RetriedAppendFilter.BROKER_APPENDS, null))).isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(event("dev.flywheel.ingestion.IngestionService", new OutOfOrderSequenceException("x"))))
                .isEqualTo(FilterReply.NEUTRAL);
    }
}

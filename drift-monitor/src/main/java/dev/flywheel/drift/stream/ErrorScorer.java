package dev.flywheel.drift.stream;

import java.util.Map;
import java.util.OptionalDouble;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a joined (prediction, label) pair into an error, 1 or 0, so the detectors watch an error rate:
 *
 * <ul>
 *   <li>binary model (the monitor sets no {@code threshold}): error when {@code |label - score| > 0.5}, i.e. the
 *       score on the wrong side of 0.5 for a 0/1 label (a class prediction 0/1 works the same);
 *   <li>numeric model (the monitor's {@code threshold} t): error when {@code (label - score)^2 > t}.
 * </ul>
 *
 * A side the outer join left empty is counted ({@code unmatched_prediction}, {@code unmatched_label}) and
 * logged at debug (each is an ordinary outcome, not a bad record), not forwarded.
 */
final class ErrorScorer implements FixedKeyProcessor<String, double[], MonitorInput> {

    /** The name of the error in the observation forwarded. */
    static final String ERROR = "error";
    /** A binary model's error: the score more than this far from the label. */
    static final double BINARY_MARGIN = 0.5;

    private static final Logger LOG = LoggerFactory.getLogger(ErrorScorer.class);

    private final OptionalDouble squaredThreshold;
    private final DriftMetrics metrics;
    private FixedKeyProcessorContext<String, MonitorInput> context;

    ErrorScorer(OptionalDouble squaredThreshold, DriftMetrics metrics) {
        this.squaredThreshold = squaredThreshold;
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, MonitorInput> context) {
        this.context = context;
    }

    /** Returns the error of one pair: 1 or 0. */
    static double error(double score, double label, OptionalDouble squaredThreshold) {
        double gap = label - score;
        return (squaredThreshold.isPresent() ? gap * gap > squaredThreshold.getAsDouble()
                : Math.abs(gap) > BINARY_MARGIN) ? 1 : 0;
    }

    @Override
    public void process(FixedKeyRecord<String, double[]> record) {
        double score = record.value()[0];
        double label = record.value()[1];
        if (Double.isNaN(score) || Double.isNaN(label)) {
            String outcome = Double.isNaN(label) ? "unmatched_prediction" : "unmatched_label";
            metrics.record(outcome);
            LOG.debug("{} for entity {} at event time {}", outcome, record.key(), record.timestamp());
            return;
        }
        metrics.record("joined");
        context.forward(record.withValue(new MonitorInput.Observation(Map.of(ERROR,
                error(score, label, squaredThreshold)))));
    }
}

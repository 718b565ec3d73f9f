package dev.flywheel.topology.spec;

import java.util.Objects;
import java.util.Optional;

/** What a drift monitor watches. */
public sealed interface MonitorTarget {

    /**
     * Data drift: the features of a view against the champion's training data.
     *
     * @param view the feature view name
     */
    record Data(String view) implements MonitorTarget {

        /** Checks the view is present. */
        public Data {
            Objects.requireNonNull(view, "view");
        }
    }

    /**
     * Prediction drift: the distribution of a model's predictions.
     *
     * @param predictions the predictions stream
     */
    record Prediction(PredictionStream predictions) implements MonitorTarget {

        /** Checks the stream is present. */
        public Prediction {
            Objects.requireNonNull(predictions, "predictions");
        }
    }

    /**
     * Concept drift: the error rate of predictions joined with labels.
     *
     * @param predictions the predictions stream
     * @param label the label name
     */
    record Concept(PredictionStream predictions, String label) implements MonitorTarget {

        /** Checks the parts are present. */
        public Concept {
            Objects.requireNonNull(predictions, "predictions");
            Objects.requireNonNull(label, "label");
        }
    }

    /**
     * A topic of model predictions.
     *
     * @param topic the topic
     * @param key the entity key field
     * @param field the prediction field
     * @param timestamp the event-time field; empty means the Kafka record timestamp
     */
    record PredictionStream(String topic, String key, String field, Optional<String> timestamp) {

        /** Checks the parts are present. */
        public PredictionStream {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(timestamp, "timestamp");
        }
    }
}

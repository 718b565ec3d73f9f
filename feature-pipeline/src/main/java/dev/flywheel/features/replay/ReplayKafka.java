package dev.flywheel.features.replay;

import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TimeoutException;

/** Waits for an Admin answer and turns its failure into a {@link ReplayException} naming what was asked. */
final class ReplayKafka {

    private ReplayKafka() {
    }

    static <T> T get(KafkaFuture<T> future, String what) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplayException("interrupted while waiting to " + what, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String hint = cause instanceof TimeoutException ? " (is Kafka reachable?)" : "";
            throw new ReplayException("cannot " + what + ": " + cause.getMessage() + hint, cause);
        }
    }
}

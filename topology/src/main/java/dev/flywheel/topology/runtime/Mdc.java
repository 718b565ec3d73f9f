package dev.flywheel.topology.runtime;

import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * The MDC keys Flywheel puts on log lines, so every line that concerns one stage, run, model or
 * training request can be found (STYLE.md item 8):
 * {@code Mdc.with(Mdc.MODEL, model, () -> train(model))}, or {@link #put} with try-with-resources.
 */
public final class Mdc {

    /** The stage name, for example {@code ingestion}. */
    public static final String STAGE = "flywheel.stage";
    /** The run id of one process start. */
    public static final String RUN = "flywheel.run";
    /** The model name. */
    public static final String MODEL = "flywheel.model";
    /** The training request id. */
    public static final String REQUEST = "flywheel.request";

    private Mdc() {
    }

    /**
     * Runs code with a key on the current thread's MDC, then restores the key's previous value.
     *
     * @param key one of this class's keys
     * @param value the value
     * @param body the code
     * @param <T> what the code returns
     * @return what the code returned
     */
    public static <T> T with(String key, String value, Supplier<T> body) {
        String previous = MDC.get(key);
        MDC.put(key, value);
        try {
            return body.get();
        } finally {
            if (previous == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, previous);
            }
        }
    }

    /**
     * Runs code with a key on the current thread's MDC, then restores the key's previous value.
     *
     * @param key one of this class's keys
     * @param value the value
     * @param body the code
     */
    public static void with(String key, String value, Runnable body) {
        with(key, value, () -> {
            body.run();
            return null;
        });
    }

    /**
     * Puts a key on the current thread's MDC until the returned handle is closed.
     *
     * @param key one of this class's keys
     * @param value the value
     * @return the handle that removes the key
     */
    public static MDC.MDCCloseable put(String key, String value) {
        return MDC.putCloseable(key, value);
    }
}

package dev.flywheel.topology.runtime;

import org.slf4j.MDC;

/**
 * The MDC keys Flywheel puts on log lines, so every line that concerns one stage, run, model or
 * training request can be found (STYLE.md item 8). Use with try-with-resources:
 * {@code try (var ignored = Mdc.put(Mdc.MODEL, model)) { ... }}.
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

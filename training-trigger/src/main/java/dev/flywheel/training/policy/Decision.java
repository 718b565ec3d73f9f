package dev.flywheel.training.policy;

/**
 * Whether an event asks for a retraining of one model, and why (or why not).
 *
 * @param accepted whether it counts
 * @param reason a sentence for the request's reason or the log
 */
public record Decision(boolean accepted, String reason) {

    static Decision accept(String reason) {
        return new Decision(true, reason);
    }

    static Decision reject(String reason) {
        return new Decision(false, reason);
    }
}

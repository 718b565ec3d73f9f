package dev.flywheel.training.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Training request ids, derived only from the model and the set of causes: the same causes, in any order and however
 * often replayed, give the same id, so the same job name, so never a second job.
 */
public final class RequestIds {

    private RequestIds() {
    }

    /**
     * The id of a request.
     *
     * @param model the model
     * @param causes the ids of the events that caused it, at least one
     * @return {@code <model>-<first 16 hex digits of SHA-256(model, sorted causes)>}
     */
    public static String of(String model, Collection<String> causes) {
        if (causes.isEmpty()) {
            throw new IllegalArgumentException("a training request needs at least one cause");
        }
        StringBuilder text = new StringBuilder(model);
        new TreeSet<>(causes).forEach(cause -> text.append('\n').append(cause));
        return model + "-" + sha256(text.toString()).substring(0, 16);
    }

    /** The event id of the {@code TrainingRequested} of a request: the same on every replay. */
    public static String eventId(String requestId) {
        return UUID.nameUUIDFromBytes(("TrainingRequested\n" + requestId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

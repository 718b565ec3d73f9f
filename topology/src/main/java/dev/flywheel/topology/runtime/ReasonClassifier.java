package dev.flywheel.topology.runtime;

import dev.flywheel.schemas.serde.InvalidPayloadException;

/**
 * Turns a deserialization error into a stable reason code. The default takes the reason of the wire
 * format deserializers' {@link InvalidPayloadException} (wrong magic byte, unknown schema id, truncated
 * or corrupt body, incompatible writer schema) anywhere in the cause chain, else
 * {@link DlqRouting#DESERIALIZATION_FAILED}; a stage with other deserializers passes its own under
 * {@link #CONFIG}.
 */
@FunctionalInterface
public interface ReasonClassifier {

    /** Key under which a stage passes its classifier in the Streams config. */
    String CONFIG = "flywheel.dlq.reason.classifier";

    /** The classifier of the wire-format deserializers' errors. */
    ReasonClassifier DEFAULT = error -> {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidPayloadException invalid) {
                return invalid.reasonCode();
            }
        }
        return DlqRouting.DESERIALIZATION_FAILED;
    };

    /**
     * Returns the reason code of an error.
     *
     * @param error the deserialization error
     * @return a stable reason code
     */
    String reasonOf(Throwable error);
}

package dev.flywheel.topology.runtime;

/**
 * Turns a deserialization error into a stable reason code. The default finds no finer reason than
 * {@link DlqRouting#DESERIALIZATION_FAILED}; a stage whose deserializers know more (wrong magic byte,
 * unknown schema id, truncated body) passes its own under {@link #CONFIG}.
 */
@FunctionalInterface
public interface ReasonClassifier {

    /** Key under which a stage passes its classifier in the Streams config. */
    String CONFIG = "flywheel.dlq.reason.classifier";

    /** The classifier that knows no finer reason. */
    ReasonClassifier DEFAULT = error -> DlqRouting.DESERIALIZATION_FAILED;

    /**
     * Returns the reason code of an error.
     *
     * @param error the deserialization error
     * @return a stable reason code
     */
    String reasonOf(Throwable error);
}

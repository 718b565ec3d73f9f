package dev.flywheel.registry.versions;

/** The reason codes of {@code ModelRejected}. */
public final class RejectionReasons {

    /** No artifact exists at the reported URI (or no artifact store reads its scheme). */
    public static final String ARTIFACT_MISSING = "ARTIFACT_MISSING";
    /** The artifact's SHA-256 is not the one the trainer reported. */
    public static final String SHA256_MISMATCH = "SHA256_MISMATCH";
    /** The successful status lacks the artifact URI or its SHA-256. */
    public static final String INCOMPLETE_STATUS = "INCOMPLETE_STATUS";
    /** The model is not in the spec. */
    public static final String UNKNOWN_MODEL = "UNKNOWN_MODEL";

    private RejectionReasons() {
    }
}

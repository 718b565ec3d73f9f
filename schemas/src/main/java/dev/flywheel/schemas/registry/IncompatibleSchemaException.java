package dev.flywheel.schemas.registry;

/**
 * The registry refused a schema as incompatible with the subject's existing versions (HTTP 409). Servers
 * disagree on the body's {@code error_code} (409 on older ones, 40901 on newer), so only the status decides.
 */
public class IncompatibleSchemaException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    public IncompatibleSchemaException(String message, int errorCode) {
        super(message, 409, errorCode);
    }
}

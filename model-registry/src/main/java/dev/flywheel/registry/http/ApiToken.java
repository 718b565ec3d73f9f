package dev.flywheel.registry.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.apache.kafka.common.config.types.Password;

/**
 * Checks the bearer token of a request in constant time: both sides are hashed first, so neither the
 * content nor the length of the expected token leaks through timing. The registry's write routes use it, and the
 * dashboard's reads when they need the token.
 */
public final class ApiToken {

    /** The outcome of a check. */
    public enum Check {
        /** The token is right. */
        OK,
        /** No token was sent (401). */
        MISSING,
        /** A token was sent and it is wrong (403). */
        WRONG,
        /** No token is configured, so writes are disabled (403). */
        DISABLED
    }

    private static final String BEARER = "bearer ";

    private final Optional<byte[]> expected;

    /**
     * Creates the check.
     *
     * @param token the {@code api.token} setting; empty disables what needs it
     */
    public ApiToken(Optional<Password> token) {
        this.expected = token.map(password -> sha256(password.value()));
    }

    /**
     * Checks an {@code Authorization} header.
     *
     * @param authorization the header, {@code Bearer <token>}; null when absent
     * @return the outcome
     */
    public Check check(String authorization) {
        if (expected.isEmpty()) {
            return Check.DISABLED;
        }
        if (authorization == null || authorization.isBlank()) {
            return Check.MISSING;
        }
        String header = authorization.trim();
        if (header.length() < BEARER.length() || !header.substring(0, BEARER.length()).equalsIgnoreCase(BEARER)) {
            return Check.MISSING;
        }
        byte[] sent = sha256(header.substring(BEARER.length()).trim());
        return MessageDigest.isEqual(expected.get(), sent) ? Check.OK : Check.WRONG;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }
}

package dev.flywheel.registry.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
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

    /**
     * What a guarded route answers, as {@code {"error": code, "message": ...}}, when the token does not let a request
     * through: 401 with the {@code missing} message, 403 {@code FORBIDDEN} for a wrong token, 403 with
     * {@code disabledCode} and {@code disabled} when no token is configured.
     *
     * @param missing the 401 message: how to send the token
     * @param disabledCode the 403 error code when no token is configured
     * @param disabled the 403 message then
     */
    public record Refusals(String missing, String disabledCode, String disabled) {
    }

    private static final String BEARER = "bearer ";
    private static final ObjectMapper MAPPER = new ObjectMapper();

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

    /** Wraps a route so that it runs only for requests whose {@code Authorization} header carries the token. */
    public Handler require(Handler handler, Refusals refusals) {
        return require(handler, ctx -> ctx.header("Authorization"), refusals);
    }

    /**
     * Wraps a route so that it runs only for requests that carry the token.
     *
     * @param handler the route
     * @param authorization where a request's {@code Bearer <token>} is read (a header, or a query parameter for
     *     clients that cannot send headers)
     * @param refusals what the route answers instead
     * @return the guarded route
     */
    public Handler require(Handler handler, Function<Context, String> authorization, Refusals refusals) {
        return ctx -> {
            switch (check(authorization.apply(ctx))) {
                case OK -> handler.handle(ctx);
                case MISSING -> {
                    ctx.header("WWW-Authenticate", "Bearer realm=\"flywheel\"");
                    refuse(ctx, 401, "UNAUTHORIZED", refusals.missing());
                }
                case WRONG -> refuse(ctx, 403, "FORBIDDEN", "The API token is wrong");
                case DISABLED -> refuse(ctx, 403, refusals.disabledCode(), refusals.disabled());
            }
        };
    }

    private static void refuse(Context ctx, int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        try {
            ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a refusal as JSON", e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }
}

package dev.flywheel.cli.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the JSON bodies of the dashboard's write routes; anything malformed is a {@link BadRequestException}. */
final class DashboardRequests {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern REASON = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final int MAX_TEXT = 200;

    private DashboardRequests() {
    }

    /** The body as a JSON object; an empty body is an empty object. */
    static Map<String, Object> body(String raw) {
        if (raw == null || raw.isBlank()) {
            return Map.of();
        }
        try {
            Map<String, Object> body = MAPPER.readValue(raw, new TypeReference<Map<String, Object>>() { });
            return body == null ? Map.of() : body;
        } catch (JsonProcessingException e) {
            throw new BadRequestException("The body must be a JSON object: " + e.getOriginalMessage());
        }
    }

    /** Reason codes, e.g. {@code ["CONTRACT_RANGE"]}; absent means all. */
    static Set<String> reasons(Object value) {
        if (value == null) {
            return Set.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new BadRequestException("reasons must be a list of reason codes, e.g. [\"CONTRACT_RANGE\"]");
        }
        Set<String> reasons = new LinkedHashSet<>();
        for (Object item : list) {
            if (!(item instanceof String code) || !REASON.matcher(code).matches()) {
                throw new BadRequestException("reasons must be reason codes in capitals, e.g. CONTRACT_RANGE; was "
                        + item);
            }
            reasons.add(code);
        }
        return reasons;
    }

    /** A boolean field; absent is false. */
    static boolean flag(Object value, String name) {
        if (value == null) {
            return false;
        }
        if (!(value instanceof Boolean flag)) {
            throw new BadRequestException(name + " must be true or false, was " + value);
        }
        return flag;
    }

    /** A short text field; absent or empty is empty. */
    static Optional<String> text(Object value, String name) {
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text) || text.isBlank() || text.length() > MAX_TEXT) {
            throw new BadRequestException(name + " must be a non-blank text of at most " + MAX_TEXT
                    + " characters");
        }
        return Optional.of(text.trim());
    }

    /** A request the API refuses as malformed (400). */
    static final class BadRequestException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequestException(String message) {
            super(message);
        }
    }
}

package dev.flywheel.ingestion.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits a request body into JSON records, by Content-Type:
 * <ul>
 *   <li>{@code application/json} (or any {@code +json} type, or none): one object, an array of objects, or
 *       several top-level objects one after another (newline-delimited JSON sent as {@code application/json}).
 *       The whole body must parse: a syntax error refuses the request.</li>
 *   <li>{@code application/x-ndjson} ({@code application/ndjson}, {@code application/jsonl},
 *       {@code application/x-jsonlines}): one JSON value per line, blank lines skipped; a line that does not
 *       parse is one rejected record ({@code INVALID_JSON}), the others go on.</li>
 * </ul>
 * Any other Content-Type is refused. An element that is not an object becomes a rejected record later
 * ({@code SCHEMA_MISMATCH}).
 */
final class IngestBody {

    /** Numbers keep their exact decimal text (for decimal fields); duplicate keys are a syntax error. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    static final Set<String> NDJSON_TYPES = Set.of("application/x-ndjson", "application/ndjson", "application/jsonl",
            "application/x-jsonlines", "application/jsonlines");

    /**
     * One record of the body: its JSON, or why it is not JSON.
     *
     * @param json the parsed value; null when {@code invalid} says why it could not be parsed
     * @param invalid the parse error of an NDJSON line; null when {@code json} is set
     */
    record Item(JsonNode json, String invalid) {
    }

    private IngestBody() {
    }

    /** How a body is split into records. */
    enum Format { JSON, NDJSON }

    /**
     * The format a Content-Type announces; none means JSON.
     *
     * @throws IngestHttpException 415 for a type that is neither JSON nor newline-delimited JSON
     */
    static Format format(String contentType) {
        return isNdjson(contentType) ? Format.NDJSON : Format.JSON;
    }

    /**
     * The records of a body.
     *
     * @throws IngestHttpException 400 for a body that is empty or, in the JSON format, not JSON
     */
    static List<Item> parse(Format format, byte[] body) {
        List<Item> items = format == Format.NDJSON ? lines(body) : json(body);
        if (items.isEmpty()) {
            throw new IngestHttpException(400, IngestReasons.MALFORMED_BODY, "The body holds no records: send a JSON "
                    + "object, an array of objects, or newline-delimited objects");
        }
        return items;
    }

    private static boolean isNdjson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return false;
        }
        String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (NDJSON_TYPES.contains(base)) {
            return true;
        }
        if (base.equals("application/json") || base.endsWith("+json")) {
            return false;
        }
        throw new IngestHttpException(415, IngestReasons.UNSUPPORTED_MEDIA_TYPE, "Content-Type '" + contentType
                + "' is not accepted: send application/json (an object, an array of objects) or application/x-ndjson "
                + "(one object per line)");
    }

    private static List<Item> json(byte[] body) {
        List<JsonNode> roots = new ArrayList<>();
        try (MappingIterator<JsonNode> values = MAPPER.readerFor(JsonNode.class)
                .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readValues(body)) {
            while (values.hasNextValue()) {
                roots.add(values.nextValue());
            }
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new IngestHttpException(400, IngestReasons.MALFORMED_BODY, "The body cannot be read as JSON: "
                    + e.getMessage());
        }
        if (roots.size() == 1 && roots.get(0).isArray()) {
            List<Item> items = new ArrayList<>(roots.get(0).size());
            roots.get(0).forEach(element -> items.add(new Item(element, null)));
            return items;
        }
        if (roots.size() == 1 && !roots.get(0).isObject()) {
            throw new IngestHttpException(400, IngestReasons.MALFORMED_BODY, "The body is " + JsonToAvro.show(roots.get(0))
                    + ": send a JSON object, an array of objects, or newline-delimited objects");
        }
        return roots.stream().map(root -> new Item(root, null)).toList();
    }

    private static List<Item> lines(byte[] body) {
        List<Item> items = new ArrayList<>();
        String[] lines = new String(body, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                items.add(new Item(MAPPER.readTree(line), null));
            } catch (JsonProcessingException e) {
                items.add(new Item(null, "line " + (i + 1) + " is not valid JSON: " + e.getOriginalMessage()));
            }
        }
        return items;
    }

    private static IngestHttpException malformed(JsonProcessingException e) {
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return new IngestHttpException(400, IngestReasons.MALFORMED_BODY, "The body is not valid JSON" + where + ": "
                + e.getOriginalMessage());
    }
}

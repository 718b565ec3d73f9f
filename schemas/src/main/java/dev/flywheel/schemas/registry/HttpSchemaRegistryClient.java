package dev.flywheel.schemas.registry;

import static dev.flywheel.schemas.registry.RegistryTransport.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * {@link SchemaRegistryClient} over the Confluent Schema Registry REST API, on {@link java.net.http.HttpClient}
 * and Jackson.
 *
 * <p>Caches what never changes once registered: schema to id per subject, lookups, and id to schema. The
 * latest version of a subject is cached for {@link RegistryClientConfig#latestCacheTtl()} only, since a
 * producer may register a newer one at any time. Deleting a subject or version through this client drops
 * the subject's cached entries. Transient failures are retried as {@link RetryPolicy} says.
 *
 * <pre>{@code
 * SchemaRegistryClient registry = new HttpSchemaRegistryClient("http://localhost:8081");
 * int id = registry.register("orders-value", schema);
 * }</pre>
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryTransport transport;
    private final RegistryClientConfig config;
    /** subject -> canonical schema text -> id. */
    private final Map<String, Map<String, Integer>> idsBySubject = new ConcurrentHashMap<>();
    /** subject -> canonical schema text -> registered version. */
    private final Map<String, Map<String, SchemaMetadata>> lookups = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Expiring> latest = new ConcurrentHashMap<>();

    /** A client with default settings for a comma-separated list of base URLs. */
    public HttpSchemaRegistryClient(String urls) {
        this(RegistryClientConfig.of(urls));
    }

    /** A client with the given settings. */
    public HttpSchemaRegistryClient(RegistryClientConfig config) {
        this.config = config;
        this.transport = new RegistryTransport(config, JSON);
    }

    @Override
    public int register(String subject, String avroSchema) {
        String canonical = canonicalOrNull(avroSchema);
        Integer cached = canonical == null ? null : idsBySubject.getOrDefault(subject, Map.of()).get(canonical);
        if (cached != null) {
            return cached;
        }
        // An unparseable schema is still sent: the registry's 42201 names the problem better than we can.
        JsonNode response = transport.post("/subjects/" + segment(subject) + "/versions", schemaBody(avroSchema));
        int id = response.path("id").asInt();
        if (canonical != null) {
            idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(canonical, id);
            schemasById.putIfAbsent(id, new Schema.Parser().parse(canonical));
        }
        return id;
    }

    @Override
    public SchemaMetadata lookup(String subject, Schema schema) {
        String canonical = schema.toString();
        SchemaMetadata cached = lookups.getOrDefault(subject, Map.of()).get(canonical);
        if (cached != null) {
            return cached;
        }
        SchemaMetadata found = metadata(transport.post("/subjects/" + segment(subject), schemaBody(canonical)), subject);
        lookups.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(canonical, found);
        idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(canonical, found.id());
        schemasById.putIfAbsent(found.id(), schema);
        return found;
    }

    @Override
    public int getId(String subject, Schema schema) {
        Integer cached = idsBySubject.getOrDefault(subject, Map.of()).get(schema.toString());
        return cached != null ? cached : lookup(subject, schema).id();
    }

    @Override
    public Schema getSchemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode response = transport.get("/schemas/ids/" + id);
        String type = response.path("schemaType").asText(SchemaMetadata.AVRO);
        if (!type.isEmpty() && !SchemaMetadata.AVRO.equals(type)) {
            throw new IllegalArgumentException("Schema id " + id + " at " + describe() + " is " + type + ", not AVRO");
        }
        Schema schema = new Schema.Parser().parse(response.path("schema").asText());
        schemasById.putIfAbsent(id, schema);
        return schema;
    }

    @Override
    public List<String> getAllSubjects(boolean includeDeleted) {
        List<String> subjects = new ArrayList<>();
        transport.get("/subjects" + (includeDeleted ? "?deleted=true" : "")).forEach(n -> subjects.add(n.asText()));
        return subjects;
    }

    @Override
    public List<Integer> getVersions(String subject) {
        return ints(transport.get("/subjects/" + segment(subject) + "/versions"));
    }

    @Override
    public SchemaMetadata getVersion(String subject, int version) {
        return metadata(transport.get("/subjects/" + segment(subject) + "/versions/" + version), subject);
    }

    @Override
    public SchemaMetadata getLatest(String subject) {
        long now = System.nanoTime();
        Expiring cached = latest.get(subject);
        if (cached != null && now < cached.expiresAtNanos()) {
            return cached.metadata();
        }
        SchemaMetadata found = metadata(transport.get("/subjects/" + segment(subject) + "/versions/latest"), subject);
        if (!config.latestCacheTtl().isZero()) {
            latest.put(subject, new Expiring(found, now + config.latestCacheTtl().toNanos()));
        }
        return found;
    }

    @Override
    public boolean testCompatibility(String subject, String version, Schema schema) {
        JsonNode response = transport.post("/compatibility/subjects/" + segment(subject) + "/versions/"
                + segment(version), schemaBody(schema.toString()));
        return response.path("is_compatible").asBoolean(false);
    }

    @Override
    public CompatibilityLevel getGlobalCompatibility() {
        return level(transport.get("/config"));
    }

    @Override
    public void setGlobalCompatibility(CompatibilityLevel level) {
        transport.put("/config", JSON.createObjectNode().put("compatibility", level.name()));
    }

    @Override
    public CompatibilityLevel getCompatibility(String subject) {
        return level(transport.get("/config/" + segment(subject)));
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        transport.put("/config/" + segment(subject), JSON.createObjectNode().put("compatibility", level.name()));
    }

    @Override
    public void deleteCompatibility(String subject) {
        transport.delete("/config/" + segment(subject));
    }

    @Override
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        forget(subject);
        return ints(transport.delete("/subjects/" + segment(subject) + (permanent ? "?permanent=true" : "")));
    }

    @Override
    public int deleteVersion(String subject, int version, boolean permanent) {
        forget(subject);
        return transport.delete("/subjects/" + segment(subject) + "/versions/" + version
                + (permanent ? "?permanent=true" : "")).asInt();
    }

    @Override
    public RegistryMode getMode() {
        return mode(transport.get("/mode"));
    }

    @Override
    public void setMode(RegistryMode mode) {
        transport.put("/mode", JSON.createObjectNode().put("mode", mode.name()));
    }

    @Override
    public RegistryMode getMode(String subject) {
        return mode(transport.get("/mode/" + segment(subject)));
    }

    @Override
    public void setMode(String subject, RegistryMode mode) {
        transport.put("/mode/" + segment(subject), JSON.createObjectNode().put("mode", mode.name()));
    }

    @Override
    public String describe() {
        return transport.describe();
    }

    @Override
    public String toString() {
        return "HttpSchemaRegistryClient[" + describe() + "]";
    }

    private void forget(String subject) {
        idsBySubject.remove(subject);
        lookups.remove(subject);
        latest.remove(subject);
    }

    private static ObjectNode schemaBody(String schema) {
        // No schemaType: registries read its absence as AVRO, and older ones reject the field.
        return JSON.createObjectNode().put("schema", schema);
    }

    private static String canonicalOrNull(String schema) {
        try {
            return new Schema.Parser().parse(schema).toString();
        } catch (SchemaParseException | NullPointerException e) {
            return null;
        }
    }

    private static SchemaMetadata metadata(JsonNode node, String subject) {
        return new SchemaMetadata(node.path("subject").asText(subject), node.path("version").asInt(),
                node.path("id").asInt(), node.path("schemaType").asText(null), node.path("schema").asText());
    }

    private static CompatibilityLevel level(JsonNode node) {
        // Servers answer GET /config with compatibilityLevel; some echo PUT-style compatibility.
        JsonNode value = node.hasNonNull("compatibilityLevel") ? node.get("compatibilityLevel") : node.path("compatibility");
        return CompatibilityLevel.parse(value.asText());
    }

    private static RegistryMode mode(JsonNode node) {
        return RegistryMode.valueOf(node.path("mode").asText());
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asInt()));
        return values;
    }

    private record Expiring(SchemaMetadata metadata, long expiresAtNanos) {
    }
}

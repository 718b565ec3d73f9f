package dev.flywheel.platform.registry;

import static dev.flywheel.platform.registry.RegistryHttp.flag;
import static dev.flywheel.platform.registry.RegistryHttp.json;
import static dev.flywheel.platform.registry.RegistryHttp.raw;
import static dev.flywheel.platform.registry.RegistryHttp.schemaId;

import dev.flywheel.platform.registry.RegistryValue.SchemaValue;
import dev.flywheel.platform.registry.SubjectRoutes.VersionBody;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The root, {@code /schemas}, {@code /contexts} and {@code /associations} endpoints. */
final class SchemaRoutes {

    /** A schema by id; {@code maxId} only when {@code fetchMaxId=true}. */
    record SchemaBody(String schema, Integer maxId) {
    }

    /** Where an id is used. */
    record SubjectVersionBody(String subject, int version) {
    }

    private final RegistryQueries queries;

    SchemaRoutes(RegistryQueries queries) {
        this.queries = queries;
    }

    void addTo(RoutesConfig routes) {
        routes.get("/", ctx -> json(ctx, Map.of()));
        routes.get("/contexts", ctx -> json(ctx, List.of(".")));
        routes.get("/schemas/types", ctx -> json(ctx, List.of(SchemaParser.AVRO)));
        routes.get("/schemas", this::schemas);
        routes.get("/schemas/ids/{id}", ctx -> json(ctx, new SchemaBody(
                queries.schema(schemaId(ctx)), flag(ctx, "fetchMaxId") ? queries.maxId() : null)));
        routes.get("/schemas/ids/{id}/schema", ctx -> raw(ctx, queries.schema(schemaId(ctx))));
        routes.get("/schemas/ids/{id}/subjects", ctx -> json(ctx,
                queries.versionsWithId(schemaId(ctx), flag(ctx, "deleted")).stream()
                        .map(SchemaValue::subject).distinct().toList()));
        routes.get("/schemas/ids/{id}/versions", ctx -> json(ctx,
                queries.versionsWithId(schemaId(ctx), flag(ctx, "deleted")).stream()
                        .map(v -> new SubjectVersionBody(v.subject(), v.version())).toList()));
        // Newer Confluent clients ask for an association first and fall back to <topic>-value on a 404.
        routes.get("/associations/<path>", SchemaRoutes::noAssociations);
    }

    private void schemas(Context ctx) {
        boolean deleted = flag(ctx, "deleted");
        boolean latestOnly = flag(ctx, "latestOnly");
        List<VersionBody> result = new ArrayList<>();
        for (String subject : queries.subjects(ctx.queryParam("subjectPrefix"), deleted, false)) {
            List<SchemaValue> versions = queries.versions(subject, deleted, false);
            List<SchemaValue> chosen = latestOnly ? versions.subList(versions.size() - 1, versions.size()) : versions;
            chosen.forEach(v -> result.add(VersionBody.of(v)));
        }
        json(ctx, result);
    }

    private static void noAssociations(Context ctx) {
        RegistryHttp.error(ctx, 404, 404, "No association found for '" + ctx.pathParam("path")
                + "': this registry does not support associations; use the subject <topic>-value");
    }
}

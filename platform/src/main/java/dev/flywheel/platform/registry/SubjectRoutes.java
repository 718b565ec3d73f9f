package dev.flywheel.platform.registry;

import static dev.flywheel.platform.registry.RegistryHttp.flag;
import static dev.flywheel.platform.registry.RegistryHttp.json;
import static dev.flywheel.platform.registry.RegistryHttp.raw;
import static dev.flywheel.platform.registry.RegistryHttp.schemaRequest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.flywheel.platform.registry.RegistryCommands.Registered;
import dev.flywheel.platform.registry.RegistryValue.SchemaValue;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** The {@code /subjects} and {@code /compatibility} endpoints. */
final class SubjectRoutes {

    /** One version as Confluent answers it; {@code schemaType} is left out for AVRO, as Confluent does. */
    record VersionBody(String subject, int version, int id, String schema) {
        static VersionBody of(SchemaValue value) {
            return new VersionBody(value.subject(), value.version(), value.id(), value.schema());
        }
    }

    /** The answer to a compatibility test; {@code messages} only when {@code verbose=true}. */
    record CompatibilityBody(@JsonProperty("is_compatible") boolean compatible, List<String> messages) {
    }

    private final RegistryQueries queries;
    private final RegistryCommands commands;

    SubjectRoutes(RegistryQueries queries, RegistryCommands commands) {
        this.queries = queries;
        this.commands = commands;
    }

    void addTo(RoutesConfig routes) {
        routes.get("/subjects", ctx -> json(ctx,
                queries.subjects(ctx.queryParam("subjectPrefix"), flag(ctx, "deleted"), flag(ctx, "deletedOnly"))));
        routes.post("/subjects/{subject}", this::lookup);
        routes.delete("/subjects/{subject}", ctx -> json(ctx,
                commands.deleteSubject(subject(ctx), flag(ctx, "permanent"))));
        routes.get("/subjects/{subject}/versions", ctx -> json(ctx,
                queries.versions(subject(ctx), flag(ctx, "deleted"), flag(ctx, "deletedOnly")).stream()
                        .map(SchemaValue::version).toList()));
        routes.post("/subjects/{subject}/versions", this::register);
        routes.get("/subjects/{subject}/versions/{version}", ctx -> json(ctx, VersionBody.of(version(ctx))));
        routes.get("/subjects/{subject}/versions/{version}/schema", ctx -> raw(ctx, version(ctx).schema()));
        routes.get("/subjects/{subject}/versions/{version}/referencedby", ctx -> {
            version(ctx);
            json(ctx, List.of()); // references are not supported, so nothing refers to a version
        });
        routes.delete("/subjects/{subject}/versions/{version}", ctx -> json(ctx,
                commands.deleteVersion(subject(ctx), VersionId.parse(ctx.pathParam("version")), flag(ctx, "permanent"))));
        routes.post("/compatibility/subjects/{subject}/versions/{version}", ctx ->
                compatibility(ctx, VersionId.parse(ctx.pathParam("version"))));
        routes.post("/compatibility/subjects/{subject}/versions", ctx -> compatibility(ctx, null));
    }

    private void register(Context ctx) {
        Registered registered = commands.register(subject(ctx), schemaRequest(ctx));
        json(ctx, Map.of("id", registered.id()));
    }

    private void lookup(Context ctx) {
        SchemaValue found = queries.lookup(subject(ctx), schemaRequest(ctx), flag(ctx, "deleted"));
        json(ctx, VersionBody.of(found));
    }

    private SchemaValue version(Context ctx) {
        VersionId versionId = VersionId.parse(ctx.pathParam("version"));
        return queries.version(subject(ctx), versionId, flag(ctx, "deleted"));
    }

    private void compatibility(Context ctx, VersionId versionId) {
        List<String> problems = queries.testCompatibility(subject(ctx), versionId, schemaRequest(ctx));
        json(ctx, new CompatibilityBody(problems.isEmpty(), flag(ctx, "verbose") ? problems : null));
    }

    private static String subject(Context ctx) {
        return ctx.pathParam("subject");
    }
}

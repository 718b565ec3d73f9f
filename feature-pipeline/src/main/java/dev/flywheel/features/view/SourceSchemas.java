package dev.flywheel.features.view;

import dev.flywheel.schemas.registry.RegistryErrorCode;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.schemas.registry.SchemaRegistryException;
import dev.flywheel.topology.spec.SourceSpec;
import dev.flywheel.topology.topics.TopicCatalogue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * Finds the record schema a view is typed against: the source's reader schema file when the spec names
 * one, else the latest schema registered for {@code <source>.valid}, else for the producers' topic.
 */
public final class SourceSchemas {

    private SourceSchemas() {
    }

    /**
     * Returns the schema of a source's records.
     *
     * @param registry the registry
     * @param topics the catalogue
     * @param source the source
     * @return the schema, or empty while nothing has been registered for the source yet
     */
    public static Optional<Schema> of(SchemaRegistryClient registry, TopicCatalogue topics, SourceSpec source) {
        if (source.readerSchema().isPresent()) {
            try {
                return Optional.of(new Schema.Parser().parse(Path.of(source.readerSchema().get()).toFile()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the reader schema of source " + source.name(), e);
            }
        }
        for (String topic : new String[] {topics.valid(source.name()).name(), topics.sourceInput(source.name()).name()}) {
            try {
                return Optional.of(registry.getLatest(FeatureSchemas.subject(topic)).avroSchema());
            } catch (SchemaRegistryException e) {
                if (!e.is(RegistryErrorCode.SUBJECT_NOT_FOUND)) {
                    throw e;
                }
            }
        }
        return Optional.empty();
    }
}

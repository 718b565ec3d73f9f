package dev.flywheel.schemas.serde;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.avro.Schema;

/**
 * Chooses the registry subject a schema is registered and looked up under. The three strategies of
 * Confluent's serializers are built in; any class implementing this interface with a public no-argument
 * constructor can be named in configuration as well.
 */
@FunctionalInterface
public interface SubjectNameStrategy {

    /**
     * The subject for a key or value schema of a topic.
     *
     * @throws org.apache.kafka.common.errors.SerializationException when the strategy cannot name this schema
     */
    String subjectName(String topic, boolean isKey, Schema schema);

    /**
     * The strategy a configuration value names: a short name ({@code TopicNameStrategy},
     * {@code RecordNameStrategy}, {@code TopicRecordNameStrategy}), Confluent's fully qualified name of one
     * ({@code io.confluent.kafka.serializers.subject.TopicNameStrategy}), or the class name of an implementation.
     *
     * @throws IllegalArgumentException naming the accepted values when nothing matches
     */
    static SubjectNameStrategy forName(String name) {
        String trimmed = name == null ? "" : name.trim();
        Supplier<SubjectNameStrategy> builtIn = BuiltIn.BY_NAME.get(trimmed);
        if (builtIn != null) {
            return builtIn.get();
        }
        try {
            Class<?> type = Class.forName(trimmed, true, Thread.currentThread().getContextClassLoader() != null
                    ? Thread.currentThread().getContextClassLoader() : SubjectNameStrategy.class.getClassLoader());
            if (!SubjectNameStrategy.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException("Class " + trimmed + " does not implement "
                        + SubjectNameStrategy.class.getName());
            }
            return (SubjectNameStrategy) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalArgumentException("Unknown subject name strategy '" + trimmed + "': use TopicNameStrategy, "
                    + "RecordNameStrategy or TopicRecordNameStrategy (short or io.confluent.kafka.serializers.subject."
                    + " names), or a class implementing " + SubjectNameStrategy.class.getName(), e);
        }
    }

    /** Names of the built-in strategies. */
    final class BuiltIn {
        private static final String CONFLUENT_PACKAGE = "io.confluent.kafka.serializers.subject.";
        static final Map<String, Supplier<SubjectNameStrategy>> BY_NAME = Map.of(
                "TopicNameStrategy", TopicNameStrategy::new,
                CONFLUENT_PACKAGE + "TopicNameStrategy", TopicNameStrategy::new,
                TopicNameStrategy.class.getName(), TopicNameStrategy::new,
                "RecordNameStrategy", RecordNameStrategy::new,
                CONFLUENT_PACKAGE + "RecordNameStrategy", RecordNameStrategy::new,
                RecordNameStrategy.class.getName(), RecordNameStrategy::new,
                "TopicRecordNameStrategy", TopicRecordNameStrategy::new,
                CONFLUENT_PACKAGE + "TopicRecordNameStrategy", TopicRecordNameStrategy::new,
                TopicRecordNameStrategy.class.getName(), TopicRecordNameStrategy::new);

        private BuiltIn() {
        }
    }
}

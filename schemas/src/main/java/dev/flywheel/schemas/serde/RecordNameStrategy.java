package dev.flywheel.schemas.serde;

import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Subject = the record's full name: one schema lineage per record type, shared by every topic that carries
 * it. Lets one topic carry several types (for example {@code flywheel.drift}).
 */
public final class RecordNameStrategy implements SubjectNameStrategy {

    @Override
    public String subjectName(String topic, boolean isKey, Schema schema) {
        return fullName(getClass().getSimpleName(), topic, schema);
    }

    static String fullName(String strategy, String topic, Schema schema) {
        switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> {
                return schema.getFullName();
            }
            default -> throw new SerializationException(strategy + " needs a named schema (record, enum or fixed) "
                    + "but a " + (topic == null ? "" : "'" + topic + "' ") + "value has schema " + schema.getType()
                    .getName() + "; use TopicNameStrategy for primitive values");
        }
    }
}

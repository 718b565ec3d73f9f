package dev.flywheel.schemas.serde;

import org.apache.avro.Schema;

/**
 * Subject {@code <topic>-key} or {@code <topic>-value}: one schema lineage per topic (the default). Suits
 * topics that carry one record type.
 */
public final class TopicNameStrategy implements SubjectNameStrategy {

    @Override
    public String subjectName(String topic, boolean isKey, Schema schema) {
        return topic + (isKey ? "-key" : "-value");
    }
}

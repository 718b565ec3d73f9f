package dev.flywheel.schemas.serde;

import org.apache.avro.Schema;

/**
 * Subject {@code <topic>-<record full name>}: one schema lineage per record type per topic. Lets one topic
 * carry several types while keeping their evolution separate from other topics.
 */
public final class TopicRecordNameStrategy implements SubjectNameStrategy {

    @Override
    public String subjectName(String topic, boolean isKey, Schema schema) {
        return topic + "-" + RecordNameStrategy.fullName(getClass().getSimpleName(), topic, schema);
    }
}

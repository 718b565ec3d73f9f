package dev.flywheel.features.offline;

import java.time.LocalDate;

/**
 * One Parquet object written by the sink.
 *
 * @param key its key
 * @param uri its {@code s3://} URI
 * @param date its date partition
 * @param rows number of rows
 * @param sizeBytes size of the object
 * @param minEventTime smallest event time (epoch ms)
 * @param maxEventTime largest event time (epoch ms)
 * @param topic the topic the rows came from
 * @param partition its partition
 * @param firstOffset offset of the first row
 * @param lastOffset offset of the last row
 */
public record CommittedFile(String key, String uri, LocalDate date, long rows, long sizeBytes, long minEventTime,
                            long maxEventTime, String topic, int partition, long firstOffset, long lastOffset) {
}

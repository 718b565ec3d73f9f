package dev.flywheel.ingestion.contract;

import dev.flywheel.schemas.ReasonCodes;
import dev.flywheel.topology.spec.DedupeSpec;
import dev.flywheel.topology.spec.FieldContract;
import dev.flywheel.topology.spec.SourceSpec;
import dev.flywheel.topology.spec.TimeBounds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;

/**
 * Checks decoded records against their source's data contract ({@code contract:} in {@code flywheel.yaml})
 * and event-time bounds ({@code time_bounds:}). Built once per source; thread-safe; the Kafka Streams
 * topology and the HTTP ingest endpoint share it so both gates refuse the same records for the same reasons.
 *
 * <p>Rules, per field (dotted paths reach into nested records; a path through a null or absent record is a
 * missing value):
 * <ul>
 *   <li>{@code required}: present and non-null, else {@code CONTRACT_REQUIRED}. A missing or null field that
 *       is not required passes every other rule.</li>
 *   <li>{@code min} / {@code max}: both inclusive, compared exactly (longs are not rounded to doubles); a
 *       non-number, NaN or infinity breaks them: {@code CONTRACT_RANGE}.</li>
 *   <li>{@code allowed}: the value's text is one of the listed values; numbers also match numerically
 *       ({@code 1} matches {@code 1.0}): else {@code CONTRACT_ALLOWED}.</li>
 *   <li>{@code pattern}: the whole string (or enum symbol) matches, else {@code CONTRACT_PATTERN}.</li>
 *   <li>{@code min_length} / {@code max_length}: both inclusive; strings count code points; bytes, arrays and
 *       maps count their size: else {@code CONTRACT_LENGTH}.</li>
 * </ul>
 * The source's timestamp field, and its dedupe event-id field, are required even when the contract does not
 * say so: without them the record's event time or identity is unknown. Event time may be at most
 * {@code max_future_skew} after the ingest time and at most {@code max_age} before it, both inclusive:
 * else {@code EVENT_TIME_FUTURE} or {@code EVENT_TIME_TOO_OLD}.
 */
public final class ContractValidator {

    private final List<FieldRule> rules;
    private final Optional<FieldPath> timestamp;
    private final List<FieldPath> implicitlyRequired;
    private final TimeBounds bounds;

    private ContractValidator(List<FieldRule> rules, Optional<FieldPath> timestamp, List<FieldPath> implicitlyRequired,
                              TimeBounds bounds) {
        this.rules = rules;
        this.timestamp = timestamp;
        this.implicitlyRequired = implicitlyRequired;
        this.bounds = bounds;
    }

    /**
     * Compiles the contract of a source (patterns are compiled here, once).
     *
     * @param source the source, as the validated spec declares it
     * @return the validator
     */
    public static ContractValidator of(SourceSpec source) {
        Objects.requireNonNull(source, "source");
        List<FieldRule> rules = new ArrayList<>();
        for (FieldContract contract : source.contract()) {
            rules.add(new FieldRule(contract));
        }
        List<FieldPath> implicit = new ArrayList<>();
        source.timestamp().ifPresent(field -> addIfNotRequired(field, rules, implicit));
        source.dedupe().map(DedupeSpec::field).ifPresent(field -> addIfNotRequired(field, rules, implicit));
        return new ContractValidator(List.copyOf(rules), source.timestamp().map(FieldPath::new), List.copyOf(implicit),
                source.timeBounds());
    }

    /**
     * Returns the dotted paths of every field {@link #check} and {@link #eventTime} read: the contract's fields,
     * the timestamp field and the implicitly required ones. A record decoded with only these fields (the rest
     * skipped) is checked exactly as the whole record is.
     *
     * @return the paths, in contract order, without repeats
     */
    public Set<String> fieldsRead() {
        Set<String> paths = new LinkedHashSet<>();
        rules.forEach(rule -> paths.add(rule.field()));
        timestamp.ifPresent(path -> paths.add(path.text()));
        implicitlyRequired.forEach(path -> paths.add(path.text()));
        return Collections.unmodifiableSet(paths);
    }

    private static void addIfNotRequired(String field, List<FieldRule> rules, List<FieldPath> implicit) {
        boolean declared = rules.stream().anyMatch(rule -> rule.required() && rule.field().equals(field));
        boolean listed = implicit.stream().anyMatch(path -> path.text().equals(field));
        if (!declared && !listed) {
            implicit.add(new FieldPath(field));
        }
    }

    /**
     * Reads the event time of a record from the source's timestamp field: a long (epoch milliseconds, or the
     * unit of its {@code timestamp-millis} / {@code timestamp-micros} / {@code timestamp-nanos} logical type),
     * an {@link Instant}, or ISO-8601 text.
     *
     * @param record the decoded record
     * @return the event time; empty when the source has no timestamp field (use the Kafka record's timestamp
     *     then), or the field is null, missing or not a time ({@link #check} reports that)
     */
    public Optional<Instant> eventTime(GenericRecord record) {
        return timestamp.flatMap(path -> EventTimes.read(record, path));
    }

    /**
     * Checks a record against the contract and the event-time bounds.
     *
     * @param record the decoded record
     * @param eventTime its event time ({@link #eventTime}, or the Kafka timestamp when the source has none)
     * @param now the ingest time the bounds are measured from
     * @return every violation, in contract field order, then the required timestamp and event-id fields, then
     *     the time bounds; empty when the record is valid
     */
    public List<Violation> check(GenericRecord record, Instant eventTime, Instant now) {
        List<Violation> violations = new ArrayList<>(0);
        for (FieldRule rule : rules) {
            rule.check(record, violations);
        }
        for (FieldPath path : implicitlyRequired) {
            if (path.valueIn(record) == null) {
                violations.add(new Violation(ReasonCodes.CONTRACT_REQUIRED, path.text(), path.text()
                        + ": found null or missing, expected a value (the source's " + role(path) + " field)"));
            }
        }
        timestamp.ifPresent(path -> {
            if (path.valueIn(record) != null && EventTimes.read(record, path).isEmpty()) {
                violations.add(new Violation(ReasonCodes.CONTRACT_REQUIRED, path.text(), path.text() + ": found "
                        + EventTimes.describe(record, path) + ", expected an event time (epoch milliseconds, "
                        + "timestamp-millis/micros/nanos, or ISO-8601 text)"));
            }
        });
        timeBounds(eventTime, now, violations);
        return violations;
    }

    private String role(FieldPath path) {
        return timestamp.isPresent() && timestamp.get().text().equals(path.text()) ? "timestamp" : "dedupe event-id";
    }

    private void timeBounds(Instant eventTime, Instant now, List<Violation> violations) {
        Instant latest = now.plus(bounds.maxFutureSkew());
        if (eventTime.isAfter(latest)) {
            violations.add(new Violation(ReasonCodes.EVENT_TIME_FUTURE, null, "event time " + eventTime + " is "
                    + Duration.between(now, eventTime) + " after ingest time " + now + ", expected at most "
                    + bounds.maxFutureSkew() + " (max_future_skew)"));
        }
        bounds.maxAge().ifPresent(maxAge -> {
            if (eventTime.isBefore(now.minus(maxAge))) {
                violations.add(new Violation(ReasonCodes.EVENT_TIME_TOO_OLD, null, "event time " + eventTime + " is "
                        + Duration.between(eventTime, now) + " before ingest time " + now + ", expected at most "
                        + maxAge + " (max_age)"));
            }
        });
    }
}

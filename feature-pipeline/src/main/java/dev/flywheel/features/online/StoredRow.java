package dev.flywheel.features.online;

import feast.proto.types.ValueProto.Value;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the online tier holds for one entity in one view.
 *
 * @param eventTime the view's {@code _ts:<view>}; empty when the view never wrote this entity (or it expired)
 * @param values per requested feature its value, or empty when the field is absent
 */
public record StoredRow(Optional<Instant> eventTime, List<Optional<Value>> values) {

    /** Checks the parts are present and keeps the list unmodifiable. */
    public StoredRow {
        Objects.requireNonNull(eventTime, "eventTime");
        values = Collections.unmodifiableList(values);
    }
}

package dev.flywheel.features.view;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The accumulators of some features (one per feature, in order) over a set of events, and the latest
 * event time among them. Stored per entity per slice in the window stores, and per entity (all-time
 * features, passthrough fields, latest event time) in the entity store.
 *
 * <p>Encoding: a version byte, the latest event time, the last created time (version 2; version 1 had none), then per feature its identity, a length and the
 * accumulator's bytes.
 */
final class FeatureState {

    private static final byte VERSION = 2;
    private static final byte VERSION_WITHOUT_CREATED = 1;

    private final List<FeatureDef> features;
    private final List<Accumulator> accumulators;
    private long latest = Long.MIN_VALUE;
    private long created = Long.MIN_VALUE;

    FeatureState(List<FeatureDef> features) {
        this.features = features;
        this.accumulators = new ArrayList<>(features.size());
        features.forEach(feature -> accumulators.add(Accumulators.create(feature)));
    }

    /** Adds an event: each feature reads its field from {@code values} (same order as the features). */
    void add(long eventTime, List<Object> values) {
        for (int i = 0; i < accumulators.size(); i++) {
            accumulators.get(i).add(eventTime, values.get(i));
        }
        latest = Math.max(latest, eventTime);
    }

    /** Merges another state of the same features into this one. */
    void merge(FeatureState other) {
        for (int i = 0; i < accumulators.size(); i++) {
            accumulators.get(i).merge(other.accumulators.get(i));
        }
        latest = Math.max(latest, other.latest);
    }

    /**
     * Returns the {@code created} time of a row of this entity: now, but strictly after the previous one, so
     * two rows of one entity never tie on (event time, created) even when the wall clock (cached per poll by Kafka
     * Streams, in milliseconds) has not moved; the online tier keeps the later of two rows by it.
     */
    long nextCreated(long now) {
        created = created == Long.MIN_VALUE ? now : Math.max(now, created + 1);
        return created;
    }

    /** Returns the latest event time added, or {@code Long.MIN_VALUE} when empty. */
    long latest() {
        return latest;
    }

    /** Returns each feature's value, in order. */
    List<Object> results() {
        List<Object> results = new ArrayList<>(accumulators.size());
        accumulators.forEach(accumulator -> results.add(accumulator.result()));
        return results;
    }

    /** Returns the features this state covers. */
    List<FeatureDef> features() {
        return features;
    }

    /** Returns the serde of states of these features. */
    static Serde<FeatureState> serde(List<FeatureDef> features) {
        Serializer<FeatureState> serializer = (topic, state) -> state == null ? null : state.bytes();
        Deserializer<FeatureState> deserializer = (topic, bytes) -> bytes == null ? null : parse(features, bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    private byte[] bytes() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(16 + 16 * accumulators.size());
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(VERSION);
            out.writeLong(latest);
            out.writeLong(created);
            out.writeInt(accumulators.size());
            for (int i = 0; i < accumulators.size(); i++) {
                ByteArrayOutputStream one = new ByteArrayOutputStream(16);
                try (DataOutputStream entry = new DataOutputStream(one)) {
                    accumulators.get(i).write(entry);
                }
                out.writeUTF(identity(features.get(i)));
                out.writeInt(one.size());
                one.writeTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode feature state", e);
        }
        return buffer.toByteArray();
    }

    /**
     * Entries are stored under the feature's name, aggregation, field and output type, so that a view
     * that gains a feature keeps the state of the others (the new one starts empty) and a feature whose
     * definition changed starts afresh instead of misreading old state.
     */
    private static String identity(FeatureDef feature) {
        return feature.name() + "|" + feature.aggregation() + "|" + feature.field().orElse("") + "|"
                + feature.outputType();
    }

    private static FeatureState parse(List<FeatureDef> features, byte[] bytes) {
        FeatureState state = new FeatureState(features);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION && version != VERSION_WITHOUT_CREATED) {
                throw new IOException("unknown feature state version " + version);
            }
            state.latest = in.readLong();
            if (version == VERSION) {
                state.created = in.readLong();
            }
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String identity = in.readUTF();
                byte[] entry = new byte[in.readInt()];
                in.readFully(entry);
                for (int f = 0; f < features.size(); f++) {
                    if (identity(features.get(f)).equals(identity)) {
                        state.accumulators.get(f).read(new DataInputStream(new ByteArrayInputStream(entry)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode feature state", e);
        }
        return state;
    }
}

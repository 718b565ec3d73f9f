package dev.flywheel.drift.alarm;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The alarm of one key (a feature, or the whole view) of a monitor.
 *
 * @param open whether an alarm is open
 * @param eventId the {@code DriftDetected} event id of the open (or last) alarm; empty when none ever opened
 * @param openedAt wall-clock time the open (or last) alarm was emitted
 * @param openedWindowEnd event time of the end of the window that opened the last alarm (cooldown reference)
 * @param method the method of the open (or last) alarm, reported again when it closes
 */
public record AlarmState(boolean open, String eventId, long openedAt, long openedWindowEnd, String method) {

    /** No alarm ever opened. */
    public static final AlarmState NONE = new AlarmState(false, "", 0, Long.MIN_VALUE, "");

    /** Returns the state with the alarm closed, keeping when it opened for the cooldown. */
    public AlarmState closed() {
        return new AlarmState(false, eventId, openedAt, openedWindowEnd, method);
    }

    /** Encodes the state. */
    public byte[] encode() {
        byte[] id = eventId.getBytes(StandardCharsets.UTF_8);
        byte[] name = method.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 2 * Integer.BYTES + id.length + name.length + 2 * Long.BYTES)
                .put((byte) (open ? 1 : 0)).putInt(id.length).put(id).putLong(openedAt).putLong(openedWindowEnd)
                .putInt(name.length).put(name).array();
    }

    /** Decodes a state written by {@link #encode()}. */
    public static AlarmState decode(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        boolean open = buffer.get() == 1;
        byte[] id = new byte[buffer.getInt()];
        buffer.get(id);
        long openedAt = buffer.getLong();
        long openedWindowEnd = buffer.getLong();
        byte[] method = new byte[buffer.getInt()];
        buffer.get(method);
        return new AlarmState(open, new String(id, StandardCharsets.UTF_8), openedAt, openedWindowEnd,
                new String(method, StandardCharsets.UTF_8));
    }
}

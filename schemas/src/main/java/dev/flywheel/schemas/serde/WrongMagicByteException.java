package dev.flywheel.schemas.serde;

import dev.flywheel.schemas.ReasonCodes;

/** The first byte of a payload is not the wire format's {@code 0x00}: it was not written by a registry serde. */
public final class WrongMagicByteException extends InvalidPayloadException {

    private static final long serialVersionUID = 1L;

    private final byte found;

    WrongMagicByteException(String topic, byte found) {
        super(topic, null, String.format("Unknown magic byte 0x%02x in a record of topic '%s': expected 0x00 "
                + "(Confluent wire format: magic byte, 4-byte schema id, Avro body)", found & 0xff, topic), null);
        this.found = found;
    }

    /** The byte found where {@code 0x00} was expected. */
    public byte found() {
        return found;
    }

    @Override
    public String reasonCode() {
        return ReasonCodes.WRONG_MAGIC_BYTE;
    }
}

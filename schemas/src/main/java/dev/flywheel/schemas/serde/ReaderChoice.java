package dev.flywheel.schemas.serde;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.specific.SpecificData;

/**
 * How a deserializer reads a given writer schema: with which reader schema and data model (generic, or a
 * generated class's). Deciding this once per schema id keeps the per-record path to one map lookup.
 *
 * @param reader the reader schema (the writer schema itself when nothing is pinned)
 * @param model {@link GenericData} for generic records, the class's {@link SpecificData} for generated ones
 */
record ReaderChoice(Schema reader, GenericData model) {

    /** Decides the reader for a writer schema. */
    @FunctionalInterface
    interface Rule {
        /**
         * @throws IllegalArgumentException with a human explanation when this writer schema cannot be read
         */
        ReaderChoice choose(Schema writer);
    }

    /**
     * Read as generic data, with a pinned reader schema or (when null) the writer's own; non-record writer
     * schemas are refused when {@code recordsOnly}.
     */
    static Rule generic(Schema pinned, boolean recordsOnly) {
        return writer -> {
            if (recordsOnly && writer.getType() != Schema.Type.RECORD) {
                throw new IllegalArgumentException("writer schema is " + writer.getType().getName()
                        + ", but a record is expected (AvroDeserializer reads any Avro value)");
            }
            return new ReaderChoice(pinned != null ? pinned : writer, GenericData.get());
        };
    }

    /**
     * Read as a generated class: the pinned one, or the class named by the writer schema's full name.
     * Non-record writer schemas are read generically when {@code primitivesAllowed}.
     */
    static Rule specific(Class<?> pinned, boolean primitivesAllowed) {
        return writer -> {
            Class<?> type = pinned;
            if (type == null) {
                if (writer.getType() != Schema.Type.RECORD) {
                    if (primitivesAllowed) {
                        return new ReaderChoice(writer, GenericData.get());
                    }
                    throw new IllegalArgumentException("writer schema is " + writer.getType().getName()
                            + ", but a generated record class is expected");
                }
                type = SpecificData.get().getClass(writer);
                if (type == null) {
                    throw new IllegalArgumentException("no generated class " + SpecificData.getClassName(writer)
                            + " for writer schema " + writer.getFullName() + " on the classpath");
                }
            }
            SpecificData model = SpecificData.getForClass(type);
            return new ReaderChoice(model.getSchema(type), model);
        };
    }
}

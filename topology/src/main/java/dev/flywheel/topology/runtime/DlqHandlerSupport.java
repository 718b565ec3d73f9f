package dev.flywheel.topology.runtime;

import dev.flywheel.schemas.serde.SchemaRegistryAccessException;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/** What the two DLQ error handlers share: finding their routing in the config, describing errors. */
final class DlqHandlerSupport {

    private DlqHandlerSupport() {
    }

    static DlqRouting routing(Map<String, ?> configs, Class<?> handler) {
        Object routing = configs.get(DlqRouting.CONFIG);
        if (!(routing instanceof DlqRouting dlq)) {
            throw new ConfigException(handler.getSimpleName() + " needs a " + DlqRouting.class.getSimpleName()
                    + " instance under '" + DlqRouting.CONFIG + "' (StageSettings.withDlq sets it)");
        }
        return dlq;
    }

    /** Whether the schema registry was out of reach anywhere in the cause chain: not the record's fault. */
    static boolean registryOutOfReach(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SchemaRegistryAccessException) {
                return true;
            }
        }
        return false;
    }

    /** The exception and its causes in one line: the DLQ message must say what went wrong. */
    static String describe(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
            if (text.length() > 0) {
                text.append(" <- ");
            }
            text.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                text.append(": ").append(t.getMessage());
            }
        }
        return text.toString();
    }
}

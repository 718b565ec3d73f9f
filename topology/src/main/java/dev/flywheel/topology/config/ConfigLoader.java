package dev.flywheel.topology.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves every setting from overrides, then the environment, then its default; parses and validates
 * each, and collects every problem before failing, so one start-up attempt shows them all.
 */
final class ConfigLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

    private final ConfigDef definition = FlywheelSettings.definition();
    private final Map<String, Object> values = new HashMap<>();
    private final Map<String, SettingOrigin> origins = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    FlywheelConfig load(Map<String, String> env, Map<String, String> overrides) {
        Set<String> names = definition.names();
        overrides.keySet().stream().filter(key -> !names.contains(key)).forEach(key -> problems.add("--set "
                + key + ": unknown setting " + dev.flywheel.topology.spec.Suggestions.hint(key, names.stream()
                .sorted().toList())));
        warnAboutUnknownVariables(env, names);
        for (ConfigDef.ConfigKey key : definition.configKeys().values()) {
            resolve(key, env, overrides);
        }
        if (problems.isEmpty()) {
            problems.addAll(new ConfigRules(values, origins).check());
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return new FlywheelConfig(values, origins);
    }

    private void resolve(ConfigDef.ConfigKey key, Map<String, String> env, Map<String, String> overrides) {
        String envName = FlywheelSettings.envName(key.name);
        SettingOrigin origin = overrides.containsKey(key.name) ? SettingOrigin.OVERRIDE
                : env.containsKey(envName) ? SettingOrigin.ENVIRONMENT : SettingOrigin.DEFAULT;
        String where = key.name + " (" + origin.describe(key.name) + "): ";
        Object value;
        try {
            value = switch (origin) {
                case OVERRIDE -> parse(key, overrides.get(key.name));
                case ENVIRONMENT -> parse(key, env.get(envName));
                case DEFAULT -> key.defaultValue;
            };
        } catch (ConfigException wrongType) {
            problems.add(where + reason(key, wrongType) + " (expected " + expectation(key) + ")");
            return;
        }
        try {
            if (key.validator != null) {
                key.validator.ensureValid(key.name, value);
            }
        } catch (ConfigException invalid) {
            problems.add(where + reason(key, invalid));
            return;
        }
        values.put(key.name, value);
        origins.put(key.name, origin);
    }

    /** An empty string means "unset" for settings without a non-null default, as in Kafka's own configs. */
    private static Object parse(ConfigDef.ConfigKey key, String raw) {
        if (raw.isBlank() && key.defaultValue == null) {
            return null;
        }
        Object value = ConfigDef.parseType(key.name, raw.trim(), key.type);
        return value instanceof Password password && password.value().isEmpty() ? null : value;
    }

    /**
     * Kafka's message without its "Invalid value X for configuration Y: " preamble, the value quoted;
     * a secret's value is never shown.
     */
    private static String reason(ConfigDef.ConfigKey key, ConfigException e) {
        if (key.type == ConfigDef.Type.PASSWORD) {
            return "invalid value (hidden)";
        }
        String message = e.getMessage();
        String preamble = " for configuration " + key.name;
        int at = message.indexOf(preamble);
        if (message.startsWith("Invalid value ") && at > 0) {
            String value = message.substring("Invalid value ".length(), at);
            String detail = message.substring(at + preamble.length()).replaceFirst("^: ?", "");
            return "invalid value '" + value + "'" + (detail.isEmpty() ? "" : ": " + detail);
        }
        return message;
    }

    private static String expectation(ConfigDef.ConfigKey key) {
        String type = key.type.name().toLowerCase(java.util.Locale.ROOT);
        return key.validator == null ? type : type + ", " + key.validator;
    }

    private static void warnAboutUnknownVariables(Map<String, String> env, Set<String> names) {
        Set<String> known = new java.util.HashSet<>(FlywheelSettings.LAUNCHER_VARIABLES);
        names.forEach(name -> known.add(FlywheelSettings.envName(name)));
        env.keySet().stream()
                .filter(variable -> variable.startsWith("FLYWHEEL_") && !known.contains(variable)
                        && !variable.startsWith(FlywheelSettings.TRAINING_VARIABLE_PREFIX))
                .sorted()
                .forEach(variable -> LOG.warn("Ignoring environment variable {}: no such setting", variable));
    }
}

package dev.flywheel.topology.config;

import static dev.flywheel.topology.config.FlywheelSettings.API_TOKEN;
import static dev.flywheel.topology.config.FlywheelSettings.DASHBOARD_READ_TOKEN_REQUIRED;
import static dev.flywheel.topology.config.FlywheelSettings.KEYSTORE_LOCATION;
import static dev.flywheel.topology.config.FlywheelSettings.KEYSTORE_PASSWORD;
import static dev.flywheel.topology.config.FlywheelSettings.KEYSTORE_TYPE;
import static dev.flywheel.topology.config.FlywheelSettings.S3_ACCESS_KEY;
import static dev.flywheel.topology.config.FlywheelSettings.S3_SECRET_KEY;
import static dev.flywheel.topology.config.FlywheelSettings.SASL_JAAS_CONFIG;
import static dev.flywheel.topology.config.FlywheelSettings.SASL_MECHANISM;
import static dev.flywheel.topology.config.FlywheelSettings.SECURITY_PROTOCOL;
import static dev.flywheel.topology.config.FlywheelSettings.TRUSTSTORE_LOCATION;
import static dev.flywheel.topology.config.FlywheelSettings.TRUSTSTORE_PASSWORD;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that settings agree with each other: SASL settings with a SASL protocol, TLS stores with a
 * TLS protocol, passwords with their stores, both halves of the S3 credentials, the API token with a dashboard whose
 * reads need it. A setting that would be
 * silently ignored is an error too: it is almost always a mistake in the deployment.
 */
final class ConfigRules {

    private static final Set<String> NEEDS_CREDENTIALS = Set.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

    private final Map<String, Object> values;
    private final Map<String, SettingOrigin> origins;
    private final List<String> problems = new ArrayList<>();

    ConfigRules(Map<String, Object> values, Map<String, SettingOrigin> origins) {
        this.values = values;
        this.origins = origins;
    }

    List<String> check() {
        String protocol = (String) values.get(SECURITY_PROTOCOL);
        boolean sasl = protocol.startsWith("SASL_");
        boolean tls = protocol.endsWith("SSL");
        if (sasl && !set(SASL_MECHANISM)) {
            problem(SASL_MECHANISM, "is needed with " + SECURITY_PROTOCOL + "=" + protocol);
        }
        if (sasl && NEEDS_CREDENTIALS.contains(String.valueOf(values.get(SASL_MECHANISM))) && !set(SASL_JAAS_CONFIG)) {
            problem(SASL_JAAS_CONFIG, "is needed with " + SASL_MECHANISM + "=" + values.get(SASL_MECHANISM)
                    + " (it carries the credentials)");
        }
        for (String saslSetting : List.of(SASL_MECHANISM, SASL_JAAS_CONFIG)) {
            if (!sasl && set(saslSetting)) {
                problem(saslSetting, "has no effect with " + SECURITY_PROTOCOL + "=" + protocol
                        + " (use SASL_PLAINTEXT or SASL_SSL)");
            }
        }
        for (String tlsSetting : List.of(TRUSTSTORE_LOCATION, KEYSTORE_LOCATION)) {
            if (!tls && set(tlsSetting)) {
                problem(tlsSetting, "has no effect with " + SECURITY_PROTOCOL + "=" + protocol + " (use SSL or SASL_SSL)");
            }
        }
        if (set(KEYSTORE_LOCATION) && !set(KEYSTORE_PASSWORD) && !"PEM".equals(values.get(KEYSTORE_TYPE))) {
            problem(KEYSTORE_PASSWORD, "is needed with " + KEYSTORE_LOCATION);
        }
        if (set(TRUSTSTORE_PASSWORD) && !set(TRUSTSTORE_LOCATION)) {
            problem(TRUSTSTORE_PASSWORD, "is set but " + TRUSTSTORE_LOCATION + " is not");
        }
        if (set(S3_ACCESS_KEY) != set(S3_SECRET_KEY)) {
            problem(set(S3_ACCESS_KEY) ? S3_SECRET_KEY : S3_ACCESS_KEY, "is needed with "
                    + (set(S3_ACCESS_KEY) ? S3_ACCESS_KEY : S3_SECRET_KEY) + " (give both, or neither for the "
                    + "default credentials chain)");
        }
        if (Boolean.TRUE.equals(values.get(DASHBOARD_READ_TOKEN_REQUIRED)) && !set(API_TOKEN)) {
            problem(API_TOKEN, "is needed with " + DASHBOARD_READ_TOKEN_REQUIRED + "=true (at least "
                    + FlywheelSettings.API_TOKEN_MIN_LENGTH + " characters)");
        }
        return problems;
    }

    private boolean set(String setting) {
        return values.get(setting) != null;
    }

    private void problem(String setting, String message) {
        SettingOrigin origin = origins.getOrDefault(setting, SettingOrigin.DEFAULT);
        String where = origin == SettingOrigin.DEFAULT ? "env " + FlywheelSettings.envName(setting) + " or --set "
                + setting : origin.describe(setting);
        problems.add(setting + " (" + where + "): " + message);
    }
}

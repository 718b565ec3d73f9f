package dev.flywheel.topology.config;

/** Where a setting's value came from. */
public enum SettingOrigin {
    /** The setting's default. */
    DEFAULT,
    /** A {@code FLYWHEEL_*} environment variable. */
    ENVIRONMENT,
    /** A {@code --set key=value} override. */
    OVERRIDE;

    /**
     * Describes the origin for messages: {@code env FLYWHEEL_REDIS_URL} or {@code --set redis.url}.
     *
     * @param setting the setting name
     * @return the description
     */
    public String describe(String setting) {
        return switch (this) {
            case DEFAULT -> "default";
            case ENVIRONMENT -> "env " + FlywheelSettings.envName(setting);
            case OVERRIDE -> "--set " + setting;
        };
    }
}

package dev.flywheel.cli;

import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.config.Overrides;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --set key=value} option every command that connects to something shares. */
final class SettingsOptions {

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a setting, e.g. --set kafka.bootstrap.servers=broker:9092 (repeatable; "
                    + "wins over FLYWHEEL_* environment variables).")
    List<String> settings = new ArrayList<>();

    /** Loads the settings from the environment and the {@code --set} overrides, failing fast. */
    FlywheelConfig load() {
        return FlywheelConfig.load(System.getenv(), Overrides.parse(settings));
    }
}

package dev.flywheel.cli;

import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code -f FILE} option: the pipeline spec, defaulting to {@code ./flywheel.yaml} when it exists. */
final class SpecOption {

    /** The spec used when {@code -f} is not given and this file exists in the working directory. */
    static final Path DEFAULT_SPEC = Path.of("flywheel.yaml");

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "Pipeline spec (default: ./flywheel.yaml when it exists).")
    Path file;

    /** The spec file in use: the one given, else {@code ./flywheel.yaml} when present. */
    Optional<Path> path() {
        if (file != null) {
            return Optional.of(file);
        }
        return Files.isRegularFile(DEFAULT_SPEC) ? Optional.of(DEFAULT_SPEC) : Optional.empty();
    }

    /** The folder of the spec file, else the working directory: reader schemas are resolved against it. */
    Path dir() {
        Path parent = path().map(Path::toAbsolutePath).map(Path::getParent).orElse(null);
        return parent != null ? parent : Path.of("").toAbsolutePath();
    }

    /** Loads and validates the spec in use, if any. */
    Optional<FlywheelSpec> load() {
        return path().map(SpecLoader::load);
    }

    /** A spec with no sources, views, monitors or models: the backbone topics only. */
    static FlywheelSpec backboneOnly() {
        return new FlywheelSpec("flywheel", List.of(), List.of(), List.of(), List.of(), List.of());
    }
}

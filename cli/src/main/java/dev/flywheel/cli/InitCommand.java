package dev.flywheel.cli;

import dev.flywheel.topology.spec.SpecLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code flywheel init}: writes a commented starter {@code flywheel.yaml} to edit. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Write a commented starter flywheel.yaml (a source, a feature view, a monitor, a model).")
final class InitCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Parameters(paramLabel = "FILE", defaultValue = "flywheel.yaml", description = "Where (default: ${DEFAULT-VALUE}).")
    Path file;

    @Option(names = "--force", description = "Overwrite the file when it exists.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        if (Files.exists(file) && !force) {
            throw new IllegalArgumentException(file + " exists; pass --force to overwrite it");
        }
        try (InputStream starter = SpecLoader.class.getResourceAsStream(SpecLoader.STARTER_RESOURCE)) {
            if (starter == null) {
                throw new IllegalStateException("The starter spec " + SpecLoader.STARTER_RESOURCE
                        + " is missing from the build");
            }
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.copy(starter, file, StandardCopyOption.REPLACE_EXISTING);
        }
        // The starter is only useful if it is valid: check it as `flywheel validate` would.
        SpecLoader.load(file);
        PrintWriter out = command.commandLine().getOut();
        out.printf("Wrote %s. Edit it, check it with `flywheel validate %s`, run it with `flywheel up -f %s`.%n",
                file, file, file);
        out.flush();
        return 0;
    }
}

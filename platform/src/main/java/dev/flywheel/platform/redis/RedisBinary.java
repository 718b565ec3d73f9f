package dev.flywheel.platform.redis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import redis.embedded.core.ExecutableProvider;

/** Which {@code redis-server} executable an {@link EmbeddedRedis} runs. */
public enum RedisBinary {

    /** The system's {@code redis-server} when one is on the {@code PATH}, else {@link #EMBEDDED}. */
    AUTO,

    /** The system's {@code redis-server} on the {@code PATH} (e.g. Debian's package); fails when absent. */
    SYSTEM,

    /** The binary shipped inside {@code com.github.codemonstur:embedded-redis} (Redis 6.2). */
    EMBEDDED;

    private static final String EXECUTABLE = "redis-server";

    private static Path extractedEmbedded;

    /** An executable chosen for a start: which kind it is and where it lies. */
    record Resolved(RedisBinary kind, Path path) {
    }

    Resolved resolve() {
        return switch (this) {
            case AUTO -> systemBinary()
                    .map(path -> new Resolved(SYSTEM, path))
                    .orElseGet(() -> new Resolved(EMBEDDED, embeddedBinary()));
            case SYSTEM -> new Resolved(SYSTEM, systemBinary().orElseThrow(() -> new IllegalStateException(
                    "Redis binary SYSTEM was asked for but no executable '" + EXECUTABLE + "' is on the PATH. "
                            + "Install it (Debian: `apt-get install -y redis-server`) or use RedisBinary.EMBEDDED.")));
            case EMBEDDED -> new Resolved(EMBEDDED, embeddedBinary());
        };
    }

    /** The system's {@code redis-server} on the {@code PATH}, if any. */
    public static Optional<Path> systemBinary() {
        String pathVariable = System.getenv("PATH");
        if (pathVariable == null) {
            return Optional.empty();
        }
        for (String entry : pathVariable.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path candidate = Path.of(entry, EXECUTABLE);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /**
     * The embedded binary, copied out of the jar once per JVM into a temporary folder that a shutdown hook
     * deletes again.
     */
    static synchronized Path embeddedBinary() {
        if (extractedEmbedded != null && Files.isExecutable(extractedEmbedded)) {
            return extractedEmbedded;
        }
        try {
            Path folder = Files.createTempDirectory("flywheel-redis-bin-");
            File binary = ExecutableProvider.newJarResourceProvider(folder.toFile()).get();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                binary.delete();
                folder.toFile().delete();
            }, "flywheel-redis-bin-cleanup"));
            extractedEmbedded = binary.toPath();
            return extractedEmbedded;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot extract the embedded redis-server binary: " + e.getMessage(), e);
        }
    }
}

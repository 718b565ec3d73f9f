package dev.flywheel.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Where a service keeps its data: a persistent folder the user named, or a fresh temporary one that is
 * deleted when the service stops.
 */
public final class DataDirectory {

    private final Path path;
    private final boolean fresh;

    private DataDirectory(Path path, boolean fresh) {
        this.path = path;
        this.fresh = fresh;
    }

    /** A persistent directory, created when missing and kept after the service stops. */
    public static DataDirectory persistent(Path path) {
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create data directory " + path, e);
        }
        return new DataDirectory(path.toAbsolutePath(), false);
    }

    /** A new temporary directory, deleted by {@link #release()}. */
    public static DataDirectory fresh(String prefix) {
        try {
            return new DataDirectory(Files.createTempDirectory("flywheel-" + prefix + "-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary data directory", e);
        }
    }

    /** {@code path == null} means a fresh directory. */
    public static DataDirectory of(Path path, String prefix) {
        return path == null ? fresh(prefix) : persistent(path);
    }

    public Path path() {
        return path;
    }

    public boolean isFresh() {
        return fresh;
    }

    /** Deletes a fresh directory; keeps a persistent one. */
    public void release() {
        if (fresh) {
            deleteRecursively(path);
        }
    }

    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + root, e);
        }
    }
}

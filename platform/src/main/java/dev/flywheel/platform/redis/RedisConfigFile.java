package dev.flywheel.platform.redis;

import dev.flywheel.platform.DataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration file each start hands to {@code redis-server}. It lives in a private temporary
 * folder (not in the data directory, and not on the command line) because it may carry the password.
 * Only settings that Redis 6.2 and 7.x both understand.
 */
final class RedisConfigFile {

    private static final Logger log = LoggerFactory.getLogger(RedisConfigFile.class);

    private RedisConfigFile() {
    }

    static Path write(Path folder, String bindAddress, int port, DataDirectory dataDir, String password)
            throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("bind " + bindAddress);
        lines.add("port " + port);
        lines.add("dir " + quote(dataDir.path().toString()));
        lines.add("daemonize no");
        lines.add("logfile \"\"");
        lines.add("loglevel notice");
        lines.add("always-show-logo no");
        lines.add("dbfilename dump.rdb");
        if (dataDir.isFresh()) {
            // Throw-away data: never spend time writing it to disk.
            lines.add("save \"\"");
            lines.add("appendonly no");
        } else {
            // Every write is logged (fsync once a second) and snapshotted at shutdown: survives restarts.
            lines.add("appendonly yes");
            lines.add("appendfsync everysec");
        }
        if (password != null) {
            lines.add("requirepass " + quote(password));
        }
        Path file = folder.resolve("redis.conf");
        Files.write(file, lines);
        restrictToOwner(folder, file);
        return file;
    }

    /** Double-quoted with backslash escapes, as redis.conf parses it. */
    static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void restrictToOwner(Path folder, Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the temporary folder is already private to the user
        }
    }

    static void deleteFolder(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (UncheckedIOException walkFailure) {
            if (!(walkFailure.getCause() instanceof NoSuchFileException)) {
                throw new UncheckedIOException("Cannot delete " + folder, walkFailure.getCause());
            }
            log.debug("Part of {} was deleted meanwhile ({})", folder, walkFailure.getCause().getMessage());
        } catch (NoSuchFileException alreadyGone) {
            // The JVM shutdown hook and an explicit stop may clean up at the same time: gone is what we want.
            log.debug("{} was deleted meanwhile ({})", folder, alreadyGone.getFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + folder, e);
        }
    }
}

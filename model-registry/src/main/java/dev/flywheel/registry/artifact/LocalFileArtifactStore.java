package dev.flywheel.registry.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/** Artifacts on the local file system ({@code file:} URIs), as the local trainer writes them. */
public final class LocalFileArtifactStore implements ArtifactStore {

    @Override
    public Set<String> schemes() {
        return Set.of("file");
    }

    @Override
    public Optional<String> sha256(URI uri) {
        Path path = Path.of(uri);
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(path)) {
            return Optional.of(digest(in));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ArtifactAccessException("Cannot read artifact " + uri + ": " + e.getMessage(), e);
        }
    }

    /**
     * Returns the lower-case hex SHA-256 of a stream's bytes, read to the end.
     *
     * @param in the bytes
     * @return the digest
     * @throws IOException when the stream fails
     */
    public static String digest(InputStream in) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
        byte[] buffer = new byte[64 * 1024];
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            sha.update(buffer, 0, read);
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}

package dev.flywheel.training;

import dev.flywheel.features.offline.OfflineStore;
import dev.flywheel.training.flow.Outputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads job outputs from local files or from the offline store's bucket (through its S3 error handler). */
final class StoreOutputs implements Outputs {

    private final OfflineStore store;

    StoreOutputs(OfflineStore store) {
        this.store = store;
    }

    @Override
    public Optional<byte[]> read(String uri) {
        URI parsed = URI.create(uri);
        if ("file".equals(parsed.getScheme())) {
            Path path = Path.of(parsed);
            try {
                return Files.isRegularFile(path) ? Optional.of(Files.readAllBytes(path)) : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + uri, e);
            }
        }
        if ("s3".equals(parsed.getScheme()) && store.config().bucket().equals(parsed.getHost())) {
            return store.read(parsed.getPath().substring(1));
        }
        throw new IllegalArgumentException("cannot read " + uri + ": only file: URIs and s3://"
                + store.config().bucket() + "/ are read");
    }
}

package dev.flywheel.registry.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.registry.Fixtures;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading artifacts by scheme. */
class ArtifactStoresTest {

    @TempDir
    Path dir;

    @Test
    void shouldHashALocalFileAndFindNothingWhereNoFileIs() throws Exception {
        Path file = Files.writeString(dir.resolve("model.json"), "hello");
        ArtifactStores stores = ArtifactStores.localAnd();

        assertThat(stores.sha256(file.toUri())).contains(
                "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assertThat(stores.sha256(dir.resolve("none").toUri())).isEmpty();
        assertThat(stores.sha256(dir.toUri())).isEmpty();
    }

    @Test
    void shouldReadAPathWithoutSchemeAsALocalFile() {
        Path file = Fixtures.artifact(dir, "m.bin", "x");

        assertThat(ArtifactStores.localAnd().sha256(URI.create(file.toString()))).contains(Fixtures.sha256("x"));
    }

    @Test
    void shouldUseTheStoreOfTheSchemeAndRefuseUnknownSchemes() {
        ArtifactStore s3 = new ArtifactStore() {
            @Override
            public Set<String> schemes() {
                return Set.of("s3");
            }

            @Override
            public Optional<String> sha256(URI uri) {
                return Optional.of("from-s3");
            }
        };
        ArtifactStores stores = ArtifactStores.localAnd(s3);

        assertThat(stores.sha256(URI.create("s3://b/k"))).contains("from-s3");
        assertThat(stores.reads(URI.create("gs://b/k"))).isFalse();
        assertThatThrownBy(() -> stores.sha256(URI.create("gs://b/k"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gs");
        assertThatThrownBy(() -> ArtifactStores.localAnd(s3, s3)).isInstanceOf(IllegalArgumentException.class);
    }
}

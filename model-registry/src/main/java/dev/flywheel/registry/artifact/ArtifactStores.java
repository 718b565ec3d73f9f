package dev.flywheel.registry.artifact;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Several artifact stores behind one, chosen by URI scheme. A URI without a scheme is a local path.
 */
public final class ArtifactStores implements ArtifactStore {

    private final Map<String, ArtifactStore> byScheme = new LinkedHashMap<>();

    private ArtifactStores(Collection<ArtifactStore> stores) {
        for (ArtifactStore store : stores) {
            for (String scheme : store.schemes()) {
                ArtifactStore before = byScheme.putIfAbsent(scheme.toLowerCase(Locale.ROOT), store);
                if (before != null) {
                    throw new IllegalArgumentException("Two artifact stores read scheme '" + scheme + "'");
                }
            }
        }
    }

    /**
     * Returns the local file store plus the given ones.
     *
     * @param others stores for further schemes (for example an S3 store from the training trigger)
     * @return the combined store
     * @throws IllegalArgumentException when two stores claim one scheme
     */
    public static ArtifactStores localAnd(ArtifactStore... others) {
        List<ArtifactStore> all = new ArrayList<>(List.of(new LocalFileArtifactStore()));
        all.addAll(List.of(others));
        return new ArtifactStores(all);
    }

    @Override
    public Set<String> schemes() {
        return Set.copyOf(byScheme.keySet());
    }

    /** Returns whether some store reads this URI's scheme. */
    public boolean reads(URI uri) {
        return byScheme.containsKey(scheme(uri));
    }

    @Override
    public Optional<String> sha256(URI uri) {
        ArtifactStore store = byScheme.get(scheme(uri));
        if (store == null) {
            throw new IllegalArgumentException("No artifact store reads scheme '" + scheme(uri) + "' (known: "
                    + String.join(", ", byScheme.keySet()) + ")");
        }
        return store.sha256(uri.getScheme() == null ? Path.of(uri.getPath()).toAbsolutePath().toUri() : uri);
    }

    private static String scheme(URI uri) {
        return uri.getScheme() == null ? "file" : uri.getScheme().toLowerCase(Locale.ROOT);
    }
}

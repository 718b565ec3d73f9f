package dev.flywheel.features.dataset;

import java.util.Iterator;

/**
 * An iterator over rows backed by files.
 *
 * @param <T> the row type
 */
public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {

    /** Releases the files; does not throw checked exceptions. */
    @Override
    void close();
}

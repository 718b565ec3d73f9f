package dev.flywheel.features.online;

/**
 * What one batch did.
 *
 * @param written rows stored
 * @param skipped rows not stored because the online tier already held the same or a newer event time
 */
public record WriteResult(int written, int skipped) {
}

package dev.flywheel.topology.spec;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** Finds the closest valid word to a misspelt one, for "did you mean" hints. */
public final class Suggestions {

    private Suggestions() {
    }

    /**
     * Returns the candidate closest to the word by edit distance, if it is close enough to be a likely
     * typo (at most a third of the word's length, and at least one edit allowed).
     *
     * @param word the misspelt word
     * @param candidates the valid words
     * @return the suggestion, if any
     */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        String lower = word.toLowerCase(Locale.ROOT);
        int allowed = Math.max(1, lower.length() / 3);
        return candidates.stream()
                .min(Comparator.comparingInt(candidate -> distance(lower, candidate.toLowerCase(Locale.ROOT))))
                .filter(best -> distance(lower, best.toLowerCase(Locale.ROOT)) <= allowed);
    }

    /**
     * Returns a hint for a misspelt word: {@code (did you mean 'x'?)} when one candidate is close,
     * otherwise {@code (expected one of a, b, c)}.
     *
     * @param word the misspelt word
     * @param candidates the valid words, in the order to list them
     * @return the hint
     */
    public static String hint(String word, Collection<String> candidates) {
        return closest(word, candidates)
                .map(best -> "(did you mean '" + best + "'?)")
                .orElseGet(() -> "(expected one of " + String.join(", ", candidates) + ")");
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}

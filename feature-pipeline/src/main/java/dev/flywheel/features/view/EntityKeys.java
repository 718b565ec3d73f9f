package dev.flywheel.features.view;

import java.util.List;

/**
 * The key of {@code features.<view>} records: the entity key as text.
 *
 * <ul>
 *   <li>one entity field: its value as text, unchanged ({@code "card-7"}, {@code "1001"});</li>
 *   <li>several: the values in the view's entity order, each with {@code \} written as {@code \\} and
 *       {@code |} as {@code \|}, joined by {@code |} ({@code "DE|card\|7"}). Escaping makes the join
 *       unambiguous: no two different tuples give the same key, and {@link #split} recovers them.</li>
 * </ul>
 * Consumers that need typed values read the entity fields of the record value instead.
 */
public final class EntityKeys {

    /** Separator between the parts of a composite key. */
    public static final char SEPARATOR = '|';
    private static final char ESCAPE = '\\';

    private EntityKeys() {
    }

    /**
     * Builds the key text of an entity.
     *
     * @param parts the entity field values as text, in the view's entity order; none is null
     * @return the key
     */
    public static String join(List<String> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                key.append(SEPARATOR);
            }
            String part = parts.get(i);
            for (int c = 0; c < part.length(); c++) {
                char ch = part.charAt(c);
                if (ch == ESCAPE || ch == SEPARATOR) {
                    key.append(ESCAPE);
                }
                key.append(ch);
            }
        }
        return key.toString();
    }

    /**
     * Splits a key back into its parts.
     *
     * @param key a key made by {@link #join}
     * @param count the number of entity fields of the view
     * @return the parts as text
     */
    public static List<String> split(String key, int count) {
        if (count == 1) {
            return List.of(key);
        }
        List<String> parts = new java.util.ArrayList<>(count);
        StringBuilder part = new StringBuilder();
        for (int c = 0; c < key.length(); c++) {
            char ch = key.charAt(c);
            if (ch == ESCAPE && c + 1 < key.length()) {
                part.append(key.charAt(++c));
            } else if (ch == SEPARATOR) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(ch);
            }
        }
        parts.add(part.toString());
        if (parts.size() != count) {
            throw new IllegalArgumentException("key '" + key + "' has " + parts.size() + " parts, expected " + count);
        }
        return List.copyOf(parts);
    }
}

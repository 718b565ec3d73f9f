package dev.flywheel.training.launch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Kubernetes names from request ids: RFC 1123 DNS labels (lower-case letters, digits and '-', starting with a letter,
 * ending with a letter or digit, at most 63 characters). The same request id always gives the same name, which is
 * what makes a second create of the same request a conflict instead of a second job.
 */
public final class JobNames {

    /** The longest DNS label. */
    public static final int MAX = 63;
    /** Kubeflow adds suffixes such as {@code -master-0} and {@code -node-0-0} to pod names: leave them room. */
    static final int MAX_JOB_NAME = 52;

    private JobNames() {
    }

    /**
     * The job name of a request: {@code fw-<readable part of the id>}, with a hash of the whole id appended when the
     * readable part had to be changed or cut, so two ids never share a name.
     *
     * @param requestId the request id
     * @return the name
     */
    public static String of(String requestId) {
        String clean = label(requestId);
        String name = "fw-" + clean;
        if (clean.equals(requestId) && name.length() <= MAX_JOB_NAME) {
            return name;
        }
        String hash = hash(requestId);
        String head = name.substring(0, Math.min(name.length(), MAX_JOB_NAME - hash.length() - 1)).replaceAll("-+$", "");
        return head + "-" + hash;
    }

    /**
     * A label value: lower case, runs of other characters as one '-', trimmed of '-', at most 63 characters.
     *
     * @param text anything
     * @return a valid DNS label part (possibly empty)
     */
    public static String label(String text) {
        String lower = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return lower.length() <= MAX ? lower : lower.substring(0, MAX).replaceAll("-+$", "");
    }

    /** Whether a text is a valid DNS label. */
    public static boolean valid(String name) {
        return name.length() <= MAX && name.matches("[a-z]([-a-z0-9]*[a-z0-9])?");
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

package dev.flywheel.topology.config;

import java.util.regex.Pattern;

/** Hides credentials that users put into URLs ({@code redis://:secret@host}) before anything prints them. */
final class Redaction {

    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@]*@");

    private Redaction() {
    }

    static String url(String url) {
        return url == null ? null : USER_INFO.matcher(url).replaceFirst("[hidden]@");
    }
}

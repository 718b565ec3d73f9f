package dev.flywheel.topology.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** The validators of Flywheel's settings that Kafka's {@link ConfigDef} does not already have. */
final class SettingValidators {

    private static final Pattern HOST_PORT = Pattern.compile("\\[?[A-Za-z0-9._:-]+]?:(\\d{1,5})");
    private static final Pattern TOPIC_PREFIX = Pattern.compile("[A-Za-z0-9._-]{0,100}");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private SettingValidators() {
    }

    /** A non-empty list of {@code host:port}. */
    static ConfigDef.Validator hostPortList() {
        return new Described("a comma-separated list of host:port", (name, value) -> {
            @SuppressWarnings("unchecked")
            List<String> servers = (List<String>) value;
            if (servers == null || servers.isEmpty()) {
                throw new ConfigException(name, value, "at least one host:port is needed");
            }
            for (String server : servers) {
                var matcher = HOST_PORT.matcher(server.trim());
                if (!matcher.matches() || Integer.parseInt(matcher.group(1)) > 65_535
                        || Integer.parseInt(matcher.group(1)) == 0) {
                    throw new ConfigException(name, value, "'" + server + "' is not host:port");
                }
            }
        });
    }

    /** An absolute URL with a host and one of the schemes; null allowed when {@code optional}. */
    static ConfigDef.Validator url(boolean optional, String... schemes) {
        Set<String> allowed = Set.of(schemes);
        return new Described("a URL (" + String.join(" or ", schemes) + "://host[:port])", (name, value) -> {
            if (value == null) {
                if (!optional) {
                    throw new ConfigException(name, null, "a URL is needed");
                }
                return;
            }
            try {
                URI uri = new URI(value.toString().trim());
                if (uri.getScheme() == null || !allowed.contains(uri.getScheme()) || uri.getHost() == null) {
                    throw new ConfigException(name, Redaction.url(value.toString()), "expected "
                            + String.join(" or ", schemes) + "://host[:port]");
                }
            } catch (URISyntaxException e) {
                throw new ConfigException(name, Redaction.url(value.toString()), "not a URL: " + e.getReason());
            }
        });
    }

    /** Topic-name characters only (the prefix is glued to every topic name). */
    static ConfigDef.Validator topicPrefix() {
        return new Described("letters, digits, '.', '_' or '-', at most 100", (name, value) -> {
            if (!TOPIC_PREFIX.matcher(value.toString()).matches()) {
                throw new ConfigException(name, value, "only letters, digits, '.', '_' and '-' may start a topic name");
            }
        });
    }

    /** -1 (the broker's default) or a positive factor. */
    static ConfigDef.Validator replicationFactor() {
        return new Described("-1 for the broker default, or at least 1", (name, value) -> {
            short factor = (Short) value;
            if (factor != -1 && factor < 1) {
                throw new ConfigException(name, value, "use -1 for the broker default, or at least 1");
            }
        });
    }

    /** An S3 bucket name. */
    static ConfigDef.Validator bucket() {
        return new Described("an S3 bucket name", (name, value) -> {
            if (!BUCKET.matcher(value.toString()).matches()) {
                throw new ConfigException(name, value, "an S3 bucket name is 3-63 lower-case letters, digits, '.' or '-'");
            }
        });
    }

    /** A {@code user:password} secret; the value never appears in the message. */
    static ConfigDef.Validator userInfo() {
        return new Described("user:password", (name, value) -> {
            if (value != null && !((Password) value).value().contains(":")) {
                throw new ConfigException(name + " must have the form user:password (value hidden)");
            }
        });
    }

    /** An optional secret of at least {@code minLength} characters; the value never appears in the message. */
    static ConfigDef.Validator secretOfAtLeast(int minLength) {
        return new Described("at least " + minLength + " characters, or unset", (name, value) -> {
            if (value != null && ((Password) value).value().length() < minLength) {
                throw new ConfigException(name + " must be at least " + minLength
                        + " characters: a shorter token is guessable (value hidden)");
            }
        });
    }

    /** Null, or one of the values. */
    static ConfigDef.Validator optionalIn(String... values) {
        ConfigDef.ValidString in = ConfigDef.ValidString.in(values);
        return new Described("one of " + String.join(", ", values) + ", or unset", (name, value) -> {
            if (value != null) {
                in.ensureValid(name, value);
            }
        });
    }

    /** A validator with a readable description for the generated documentation. */
    private record Described(String description, ConfigDef.Validator check) implements ConfigDef.Validator {

        @Override
        public void ensureValid(String name, Object value) {
            check.ensureValid(name, value);
        }

        @Override
        public String toString() {
            return description;
        }
    }
}

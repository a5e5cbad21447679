package dev.candidaterouter;

import dev.candidaterouter.config.ConfigurationException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The start-up check of the application's properties (application.properties, overridden by the environment
 * variables named in the README): typed reads whose errors name the environment variable an operator sets. Used
 * by {@link StartupChecks} and the few decisions that weigh several settings (the Knit connection, the required
 * paths); the configuration classes read single settings with {@code @PropertyInject}, once they are checked.
 * Every read goes through Camel's property placeholders so that routes and Java see the same values.
 */
public final class Settings {
    private final PropertiesComponent properties;

    public Settings(CamelContext context) {
        this.properties = context.getPropertiesComponent();
    }

    public String text(String key, String fallback) {
        return optional(key).orElse(fallback);
    }

    /** A value that must be set; the message names the environment variable an operator would set. */
    public String required(String key, String envName) {
        return optional(key).orElseThrow(() -> new ConfigurationException(
                envName + " is not set (setting " + key + ")"));
    }

    public Optional<String> optional(String key) {
        return properties.resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    public int integer(String key, int fallback) {
        return optional(key).map(v -> parse(key, v, Integer::parseInt)).orElse(fallback);
    }

    public long number(String key, long fallback) {
        return optional(key).map(v -> parse(key, v, Long::parseLong)).orElse(fallback);
    }

    /** A whole number that must be above zero (a limit, a size, a time). */
    public long positive(String key, long fallback) {
        long value = number(key, fallback);
        if (value <= 0) {
            throw new ConfigurationException(name(key) + " must be above zero, was " + value);
        }
        return value;
    }

    /** An ISO-8601 duration above zero ({@code P3D}, {@code PT12H}). */
    public Duration duration(String key, Duration fallback) {
        Duration value = optional(key).map(v -> {
            try {
                return Duration.parse(v);
            } catch (DateTimeParseException e) {
                throw new ConfigurationException(name(key) + " must be an ISO-8601 duration such as P3D or PT12H, was '"
                        + v + "'");
            }
        }).orElse(fallback);
        if (value.isNegative() || value.isZero()) {
            throw new ConfigurationException(name(key) + " must be above zero, was " + value);
        }
        return value;
    }

    public boolean flag(String key, boolean fallback) {
        return optional(key).map(v -> {
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw new ConfigurationException(name(key) + " must be true or false, was '" + v + "'");
            }
            return Boolean.parseBoolean(v);
        }).orElse(fallback);
    }

    /** A value that must be one of {@code allowed}; the first one is the default. */
    public String oneOf(String key, String... allowed) {
        String value = text(key, allowed[0]);
        if (!java.util.List.of(allowed).contains(value)) {
            throw new ConfigurationException(name(key) + " must be " + String.join(" or ", allowed) + ", was '" + value + "'");
        }
        return value;
    }

    /** A comma-separated list, blanks dropped. */
    public List<String> list(String key) {
        return optional(key).map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    private <T> T parse(String key, String value, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (NumberFormatException e) {
            throw new ConfigurationException(name(key) + " must be a whole number, was '" + value + "'");
        }
    }

    /**
     * Checks every setting whose default in application.properties is a whole number or true/false against that
     * type, so that a typo is a configuration error at start-up naming the variable — not a route that fails,
     * or quietly runs on a default, once it first uses the value. A setting with a default may not be set empty.
     */
    public void checkTypes() {
        java.util.Properties raw = properties.loadProperties();
        for (String key : new java.util.TreeSet<>(raw.stringPropertyNames())) {
            Matcher m = ENV_DEFAULT.matcher(raw.getProperty(key).trim());
            if (!m.matches()) {
                continue;
            }
            String fallback = m.group(1);
            if (!fallback.isEmpty() && optional(key).isEmpty()) {
                // Set but empty: the routes and components would get "" (not the default), and e.g. '' is not outbox.
                throw new ConfigurationException(name(key) + " is set but empty: unset it for the default (" + fallback
                        + ") or give a value");
            }
            if (fallback.matches("-?\\d+")) {
                number(key, 0);
            } else if (fallback.equals("true") || fallback.equals("false")) {
                flag(key, false);
            }
        }
    }

    private static final Pattern ENV_DEFAULT = Pattern.compile("\\{\\{env:[A-Za-z0-9_]+:(.*)}}");

    /**
     * How an operator knows a setting: the environment variable its placeholder in application.properties reads
     * ({@code {{env:NAME:...}}}), with the key; just the key when it is not read from the environment.
     */
    String name(String key) {
        String raw = properties.loadProperties().getProperty(key, "");
        Matcher m = ENV_PLACEHOLDER.matcher(raw);
        return m.find() ? m.group(1) + " (setting " + key + ")" : "setting " + key;
    }

    private static final Pattern ENV_PLACEHOLDER = Pattern.compile("\\{\\{(?:env|envsecret):([A-Za-z0-9_]+)");
}

package dev.candidaterouter.consent;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** One {@code name=value} pair of a form-encoded body, decoded. A body may name a field more than once. */
public record FormField(String name, String value) {

    /**
     * The fields of a form as Camel's platform-http hands it over: a map of name to value, or to the list of values
     * of a name given more than once (anything else, e.g. no body at all, has no fields).
     */
    public static List<FormField> of(Object form) {
        List<FormField> fields = new ArrayList<>();
        if (form instanceof Map<?, ?> map) {
            map.forEach((name, value) -> {
                if (value instanceof Collection<?> values) {
                    values.forEach(v -> fields.add(new FormField(String.valueOf(name), v == null ? "" : String.valueOf(v))));
                } else {
                    fields.add(new FormField(String.valueOf(name), value == null ? "" : String.valueOf(value)));
                }
            });
        }
        return fields;
    }

    /** The form-encoded body of {@code fields} (tests and tools post what Twilio would). */
    public static String encode(List<FormField> fields) {
        return fields.stream().map(f -> URLEncoder.encode(f.name(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(f.value(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}

package dev.candidaterouter.candidate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the fields of one JSON object of Knit's data, forgivingly: a field of the wrong type or with an
 * unreadable value comes back empty (null) and a {@link DataIssue} naming its path is added to the shared
 * list, so one bad field never costs the rest of the record. Jackson's data binding would fail the whole
 * object instead, which is why the models are read by hand.
 */
final class FieldReader {
    /** Values echoed in issue texts are cut to this length: they are for a human, not a copy of the data. */
    private static final int ECHO_LIMIT = 40;

    private final JsonNode node;
    private final String path;
    private final List<DataIssue> issues;

    /**
     * @param node   the object to read; anything that is not an object reads as if all fields were absent
     * @param path   where the object sits, e.g. {@code experiences[2]}; used to name fields in issues
     * @param issues where problems are added
     */
    FieldReader(JsonNode node, String path, List<DataIssue> issues) {
        this.node = node != null && node.isObject() ? node : MissingNode.getInstance();
        this.path = path;
        this.issues = issues;
    }

    /**
     * Reads a JSON value that should be an object.
     *
     * @return a reader over it, or null when the value is absent or null (nothing to report) or not an
     *         object (reported)
     */
    static FieldReader object(JsonNode value, String path, List<DataIssue> issues) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (!value.isObject()) {
            issues.add(new DataIssue(path, "expected an object, got " + kind(value)));
            return null;
        }
        return new FieldReader(value, path, issues);
    }

    /**
     * Reads a JSON value that should be a list of objects. A missing or null list is empty. An entry that is
     * not an object is reported and read as an object with no fields, so that later entries keep their
     * index and the paths in later issues stay true.
     */
    static <T> List<T> objects(JsonNode value, String path, List<DataIssue> issues, Function<FieldReader, T> entry) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return List.of();
        }
        if (!value.isArray()) {
            issues.add(new DataIssue(path, "expected a list, got " + kind(value)));
            return List.of();
        }
        List<T> result = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String itemPath = path + "[" + i + "]";
            if (!item.isObject()) {
                issues.add(new DataIssue(itemPath, "expected an object, got " + kind(item)));
            }
            result.add(entry.apply(new FieldReader(item, itemPath, issues)));
        }
        return result;
    }

    /** The path of a field of this object, e.g. {@code experiences[2].startDate}. */
    String pathOf(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** A nested object, e.g. {@code info.candidate}; see {@link #object(JsonNode, String, List)}. */
    FieldReader child(String field) {
        return object(node.get(field), pathOf(field), issues);
    }

    /** True when the field is present and a JSON object. */
    boolean isObject(String field) {
        JsonNode value = node.get(field);
        return value != null && value.isObject();
    }

    /** A nested list of objects, e.g. {@code info.emails}; see {@link #objects(JsonNode, String, List, Function)}. */
    <T> List<T> objects(String field, Function<FieldReader, T> entry) {
        return objects(node.get(field), pathOf(field), issues, entry);
    }

    /**
     * A text field. Numbers are accepted as their text (ids and zip codes come as numbers from some ATSs).
     *
     * @param spellings the field's names, preferred first; the first one holding a value is read
     */
    String text(String... spellings) {
        String field = firstPresent(spellings);
        if (field == null) {
            return null;
        }
        JsonNode value = node.get(field);
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isNumber()) {
            return value.asText();
        }
        report(field, "expected text, got " + kind(value));
        return null;
    }

    /** A boolean field: JSON true/false, or the text "true"/"false" in any case. */
    Boolean bool(String field) {
        JsonNode value = present(field);
        if (value == null) {
            return null;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual()) {
            String text = value.textValue().strip().toLowerCase(Locale.ROOT);
            if (text.equals("true") || text.equals("false")) {
                return Boolean.valueOf(text);
            }
            report(field, "expected true or false, got " + echo(value.textValue()));
            return null;
        }
        report(field, "expected true or false, got " + kind(value));
        return null;
    }

    /** A date field: {@code YYYY-MM-DD}, or an ISO timestamp whose date part is taken as written. */
    LocalDate date(String field) {
        String text = textFor(field, "a date (YYYY-MM-DD)");
        if (text == null) {
            return null;
        }
        Optional<LocalDate> date = parseDate(text);
        if (date.isEmpty()) {
            report(field, echo(text) + " is not a date (YYYY-MM-DD)");
        }
        return date.orElse(null);
    }

    /** A timestamp field: ISO with {@code Z} or an offset; without a zone UTC is assumed; a plain date is its UTC midnight. */
    Instant instant(String field) {
        String text = textFor(field, "a timestamp (ISO 8601)");
        if (text == null) {
            return null;
        }
        Optional<Instant> instant = parseInstant(text);
        if (instant.isEmpty()) {
            report(field, echo(text) + " is not an ISO 8601 timestamp");
        }
        return instant.orElse(null);
    }

    /** A proficiency field: one of Knit's four words in any case; blank counts as absent. */
    Proficiency proficiency(String field) {
        String text = textFor(field, "a proficiency word");
        if (text == null || text.isBlank()) {
            return null;
        }
        Optional<Proficiency> level = Proficiency.parse(text);
        if (level.isEmpty()) {
            report(field, echo(text) + " is not a known proficiency (Expert, Advanced, Intermediate, Beginner)");
        }
        return level.orElse(null);
    }

    /** A list of texts; null entries are skipped, entries of another type are reported and skipped. */
    List<String> texts(String field) {
        JsonNode value = present(field);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            report(field, "expected a list, got " + kind(value));
            return List.of();
        }
        List<String> result = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (item.isTextual() || item.isNumber()) {
                result.add(item.asText());
            } else if (!item.isNull()) {
                issues.add(new DataIssue(pathOf(field) + "[" + i + "]", "expected text, got " + kind(item)));
            }
        }
        return result;
    }

    /** Adds an issue about a field of this object. */
    void report(String field, String problem) {
        issues.add(new DataIssue(pathOf(field), problem));
    }

    static Optional<LocalDate> parseDate(String text) {
        String t = text.strip();
        LocalDate usual = IsoMoments.date(t);
        return usual != null ? Optional.of(usual) : formattedDate(t);
    }

    static Optional<Instant> parseInstant(String text) {
        String t = text.strip();
        Instant usual = IsoMoments.instant(t);
        return usual != null ? Optional.of(usual) : formattedInstant(t);
    }

    /** A date by the ISO formatters: any text {@link IsoMoments} leaves to them ({@code IsoMomentsTest}: all texts). */
    static Optional<LocalDate> formattedDate(String t) {
        try {
            return Optional.of(LocalDate.parse(t));
        } catch (DateTimeParseException notPlainDate) {
            return parseDateTime(t).map(parsed -> parsed instanceof ZonedDateTime z ? z.toLocalDate()
                    : ((LocalDateTime) parsed).toLocalDate());
        }
    }

    /** A timestamp by the ISO formatters: no zone is UTC, a plain date its UTC midnight. */
    static Optional<Instant> formattedInstant(String t) {
        Optional<TemporalAccessor> parsed = parseDateTime(t);
        if (parsed.isPresent()) {
            return parsed.map(p -> p instanceof ZonedDateTime z ? z.toInstant()
                    : ((LocalDateTime) p).toInstant(ZoneOffset.UTC));
        }
        try {
            return Optional.of(LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (DateTimeParseException notADate) {
            return Optional.empty();
        }
    }

    /** ISO date-time with an optional offset or zone: a ZonedDateTime when zoned, else a LocalDateTime. */
    private static Optional<TemporalAccessor> parseDateTime(String text) {
        try {
            return Optional.of(DateTimeFormatter.ISO_DATE_TIME.parseBest(text, ZonedDateTime::from, LocalDateTime::from));
        } catch (DateTimeParseException notADateTime) {
            return Optional.empty();
        }
    }

    /** The text of a field that must be text to be parsed; reports other types. */
    private String textFor(String field, String expected) {
        JsonNode value = present(field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            report(field, "expected " + expected + ", got " + kind(value));
            return null;
        }
        return value.textValue();
    }

    private JsonNode present(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    private String firstPresent(String... spellings) {
        for (String field : spellings) {
            if (present(field) != null) {
                return field;
            }
        }
        return null;
    }

    private static String echo(String text) {
        String shown = text.length() > ECHO_LIMIT ? text.substring(0, ECHO_LIMIT) + "…" : text;
        return "'" + shown + "'";
    }

    static String kind(JsonNode value) {
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isNumber()) {
            return "a number";
        }
        if (value.isBoolean()) {
            return "a boolean";
        }
        if (value.isNull()) {
            return "null";
        }
        return "text";
    }
}

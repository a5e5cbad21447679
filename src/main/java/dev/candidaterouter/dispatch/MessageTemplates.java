package dev.candidaterouter.dispatch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The message texts recruiters edit, in the {@code templates/} folder (see templates/README.md), with
 * {@code {{name}}} placeholders. Deliberately not a template language: the files are written by non-developers,
 * so they can only insert values, never run expressions, and a misspelt placeholder is an error naming the file
 * rather than an empty gap in a candidate's email. Files are read at each send, so edits apply without a restart.
 */
public class MessageTemplates {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z]+)\\s*}}");

    private final Path dir;

    public MessageTemplates(Path dir) {
        this.dir = dir;
    }

    /** The template with its placeholders replaced by the values as they are (plain text). */
    public String text(String name, Map<String, String> values) {
        return render(name, values, false);
    }

    /** The template with its placeholders replaced by HTML-escaped values. */
    public String html(String name, Map<String, String> values) {
        return render(name, values, true);
    }

    private String render(String name, Map<String, String> values, boolean escapeHtml) {
        Path file = dir.resolve(name);
        String template;
        try {
            template = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // Before any provider is called: an IOException here is no network error (and, for an SMS, no unknown
            // outcome). It fails for good with the reason; a replay sends it once the file is back.
            throw new PermanentDispatchFailure("cannot read message template " + file + " (" + e.getClass().getSimpleName()
                    + "): restore it in TEMPLATES_DIR and replay");
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 64);
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new PermanentDispatchFailure("message template " + file + " uses unknown placeholder {{" + m.group(1)
                        + "}}; known: " + values.keySet());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(escapeHtml ? escapeHtml(value) : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}

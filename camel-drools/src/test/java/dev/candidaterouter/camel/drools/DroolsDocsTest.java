package dev.candidaterouter.camel.drools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;

/**
 * The documentation beside the code (src/main/docs/drools-component.adoc) lists exactly the options and headers of
 * the generated catalog entry (drools.json), with the same defaults: a new option, a removed one or a changed
 * default fails here until the page says so.
 */
class DroolsDocsTest {
    private static final Path ADOC = Path.of("src/main/docs/drools-component.adoc");

    @Test
    void componentOptionsEndpointOptionsAndHeadersAreDocumentedWithTheirDefaults() throws Exception {
        String adoc = Files.readString(ADOC);
        JsonObject model = readModel();

        assertThat(table(adoc, "=== Component Options")).isEqualTo(defaults(model.getMap("componentProperties")));
        assertThat(table(adoc, "=== Endpoint Options")).isEqualTo(defaults(model.getMap("properties")));
        Map<String, Object> headers = model.getMap("headers");
        assertThat(table(adoc, "=== Message Headers").keySet()).containsExactlyInAnyOrderElementsOf(headers.keySet());
    }

    /** Option name to the page's Default cell as the catalog would say it: "`x`" is x, "(required)" required. */
    private static Map<String, String> defaults(Map<String, Object> options) {
        Map<String, String> expected = new LinkedHashMap<>();
        options.forEach((name, value) -> {
            Map<?, ?> option = (Map<?, ?>) value;
            Object dflt = option.get("defaultValue");
            expected.put(name, Boolean.TRUE.equals(option.get("required")) ? "(required)"
                    : dflt == null ? "" : String.valueOf(dflt));
        });
        return expected;
    }

    /** The rows of the first table after {@code heading}: first cell (the name) to second cell. */
    private static Map<String, String> table(String adoc, String heading) {
        int at = adoc.indexOf(heading);
        assertThat(at).as(heading + " in " + ADOC).isNotNegative();
        int start = adoc.indexOf("|===", at);
        int end = adoc.indexOf("|===", start + 4);
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : adoc.substring(start + 4, end).split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.substring(1).split("\\|", 3);
            rows.put(unquote(cells[0]), unquote(cells[1]));
        }
        return rows;
    }

    private static String unquote(String cell) {
        String s = cell.trim();
        return s.startsWith("`") && s.endsWith("`") ? s.substring(1, s.length() - 1) : s;
    }

    private static JsonObject readModel() throws Exception {
        try (InputStream in = DroolsDocsTest.class.getClassLoader()
                .getResourceAsStream("META-INF/dev/candidaterouter/camel/drools/drools.json")) {
            return (JsonObject) Jsoner.deserialize(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}

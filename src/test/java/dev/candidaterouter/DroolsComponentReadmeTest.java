package dev.candidaterouter;

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
 * The README's {@code drools:} options table says what the component's catalog entry (drools.json in the
 * camel-drools jar, generated from its code) says: the same options with the same defaults. Left out: the path
 * ({@code name}, shown in the example URI) and Camel's generic {@code lazyStartProducer}.
 */
class DroolsComponentReadmeTest {

    @Test
    void theReadmeOptionsTableMatchesTheComponentsCatalogEntry() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        JsonObject model;
        try (InputStream in = getClass().getClassLoader()
                .getResourceAsStream("META-INF/dev/candidaterouter/camel/drools/drools.json")) {
            model = (JsonObject) Jsoner.deserialize(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        Map<String, String> expected = new LinkedHashMap<>();
        Map<String, Object> options = model.getMap("properties");
        options.forEach((name, value) -> {
            Map<?, ?> option = (Map<?, ?>) value;
            Object dflt = option.get("defaultValue");
            if (!name.equals("name") && !name.equals("lazyStartProducer")) {
                expected.put(name, Boolean.TRUE.equals(option.get("required")) ? "(required)"
                        : dflt == null ? "—" : String.valueOf(dflt));
            }
        });

        assertThat(optionsTable(readme)).isEqualTo(expected);
    }

    /** The first table of the README's drools: section: option name to its Default cell, backticks removed. */
    private static Map<String, String> optionsTable(String readme) {
        int section = readme.indexOf("## The `drools:` component");
        assertThat(section).as("README section on the drools: component").isNotNegative();
        int header = readme.indexOf("| Option | Default | Meaning |", section);
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : readme.substring(header).split("\n")) {
            if (!line.startsWith("|")) {
                break;
            }
            if (line.startsWith("| `")) {
                String[] cells = line.substring(1).split("\\|", 3);
                rows.put(cells[0].trim().replace("`", ""), cells[1].trim().replace("`", ""));
            }
        }
        return rows;
    }
}

package dev.candidaterouter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every environment variable the configuration reads has its row in the README's configuration table. */
class ConfigurationTableTest {
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{env(?:secret)?:([A-Z0-9_]+)");

    @Test
    void everySettingOfApplicationPropertiesIsInTheReadmeTable() throws Exception {
        List<String> variables = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("src/main/resources/application.properties"))) {
            if (line.strip().startsWith("#")) {
                continue;
            }
            Matcher m = VARIABLE.matcher(line);
            while (m.find()) {
                variables.add(m.group(1));
            }
        }
        assertThat(variables).as("the test reads the settings").hasSizeGreaterThan(40);

        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("\n## Configuration");
        String section = readme.substring(start, readme.indexOf("\n## ", start + 1));
        List<String> tableRows = section.lines().filter(l -> l.startsWith("| `")).toList();
        List<String> missing = variables.stream()
                .filter(v -> tableRows.stream().noneMatch(row -> row.split("\\|")[1].contains("`" + v + "`")))
                .toList();
        assertThat(missing).as("variables read by application.properties without a row in README.md's Configuration table")
                .isEmpty();
    }
}

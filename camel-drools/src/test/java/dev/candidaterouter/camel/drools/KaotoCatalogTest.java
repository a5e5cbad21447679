package dev.candidaterouter.camel.drools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;

/**
 * {@code kaoto/drools-components.json} is the drools: entry for a Kaoto catalog library, generated from the
 * component's own catalog entry (drools.json, which camel-component-maven-plugin writes from the code). It has the
 * shape of a Kaoto "components" aggregate ({@code camel-catalog-aggregate-components-*.json} in KaotoIO/camel-catalog):
 * one object keyed by component name whose value is the component's Camel catalog JSON, so it can be merged into
 * such a file as it is. This test fails when it drifts from drools.json; run it with {@code -Dkaoto.catalog.write=true}
 * to rewrite it.
 */
class KaotoCatalogTest {
    private static final String DROOLS_JSON = "META-INF/dev/candidaterouter/camel/drools/drools.json";
    /** Relative to the module: Maven runs the tests in camel-drools/. */
    private static final Path KAOTO_ENTRY = Path.of("kaoto/drools-components.json");

    @Test
    void theKaotoCatalogEntryIsDroolsJsonKeyedByTheComponentName() throws Exception {
        JsonObject droolsJson = readDroolsJson();
        JsonObject expected = new JsonObject();
        expected.put(droolsJson.getMap("component").get("name").toString(), droolsJson);

        if (Boolean.getBoolean("kaoto.catalog.write")) {
            Files.writeString(KAOTO_ENTRY, Jsoner.prettyPrint(Jsoner.serialize(expected), 2) + "\n");
        }
        assertThat(Files.exists(KAOTO_ENTRY)).as(KAOTO_ENTRY + " exists").isTrue();
        JsonObject committed = (JsonObject) Jsoner.deserialize(Files.readString(KAOTO_ENTRY));
        assertThat(committed)
                .as(KAOTO_ENTRY + " is out of date with drools.json: run mvn -pl camel-drools test"
                        + " -Dtest=KaotoCatalogTest -Dkaoto.catalog.write=true and commit it")
                .isEqualTo(expected);
        Map<String, Object> entry = committed.getMap("drools");
        assertThat(entry).containsKeys("component", "componentProperties", "properties", "headers");
    }

    private static JsonObject readDroolsJson() throws Exception {
        try (InputStream in = KaotoCatalogTest.class.getClassLoader().getResourceAsStream(DROOLS_JSON)) {
            assertThat(in).as(DROOLS_JSON + " on the classpath").isNotNull();
            return (JsonObject) Jsoner.deserialize(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}

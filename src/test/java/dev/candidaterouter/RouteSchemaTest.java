package dev.candidaterouter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every route file must validate against Camel's official YAML DSL schema (the one inside camel-yaml-dsl), so
 * the routes also load in Camel JBang and Kaoto, not only in our Main.
 */
class RouteSchemaTest {

    @Test
    void everyRouteFileValidatesAgainstCamelsYamlDslSchema() throws Exception {
        JsonSchema schema;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("schema/camelYamlDsl.json")) {
            assertThat(in).as("schema/camelYamlDsl.json from camel-yaml-dsl on the classpath").isNotNull();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("routes"), "*.{yaml,yml}")) {
            dir.forEach(files::add);
        }
        assertThat(files).as("route files in routes/").hasSizeGreaterThanOrEqualTo(4);
        List<String> problems = new ArrayList<>();
        for (Path f : files) {
            JsonNode doc = yaml.readTree(f.toFile());
            Set<ValidationMessage> errors = schema.validate(doc);
            errors.forEach(e -> problems.add(f + ": " + e.getMessage()));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theSchemaCheckRejectsAnInvalidRoute() throws Exception {
        // Guards the test above: a misspelt step must be reported, or an empty problem list means nothing.
        JsonSchema schema;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("schema/camelYamlDsl.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
        JsonNode bad = new ObjectMapper(new YAMLFactory()).readTree("""
                - route:
                    id: broken
                    from:
                      uri: direct:a
                      steps:
                        - tooo: direct:b
                """);
        assertThat(schema.validate(bad)).isNotEmpty();
    }
}

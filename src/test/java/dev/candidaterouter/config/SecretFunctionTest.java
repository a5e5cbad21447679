package dev.candidaterouter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFunctionTest {
    @TempDir
    Path dir;

    @Test
    void variableWinsThenFileThenEmpty() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "from-file\n");
        assertThat(new SecretFunction(Map.of("TOKEN", "direct", "TOKEN_FILE", file.toString())).apply("TOKEN")).isEqualTo("direct");
        assertThat(new SecretFunction(Map.of("TOKEN_FILE", file.toString())).apply("TOKEN")).isEqualTo("from-file");
        assertThat(new SecretFunction(Map.of()).apply("TOKEN")).isEmpty();
    }

    @Test
    void unreadableFileNamesTheVariableNotTheContent() {
        assertThatThrownBy(() -> new SecretFunction(Map.of("TOKEN_FILE", dir.resolve("missing").toString())).apply("TOKEN"))
                .hasMessageContaining("TOKEN_FILE");
    }

    @Test
    void camelFindsTheFunctionForPlaceholders() {
        CamelContext camel = new DefaultCamelContext();
        camel.start();
        try {
            assertThat(camel.resolvePropertyPlaceholders("{{envsecret:PATH}}")).isEqualTo(System.getenv("PATH"));
        } finally {
            camel.stop();
        }
    }
}

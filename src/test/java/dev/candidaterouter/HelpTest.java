package dev.candidaterouter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code java -jar candidate-router.jar --help} explains our commands, not Camel's runner options. */
class HelpTest {
    @TempDir
    Path home;

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void helpListsTheCommandsAndExitsZero(String flag) throws Exception {
        try (ChildJvm app = ChildJvm.start(Map.of(), home.resolve("out.txt"), flag)) {
            assertThat(app.exitCode(Duration.ofSeconds(30))).as(app.output()).isZero();
            assertThat(app.output()).contains("rules check [rules-location]", "rules test [rules-location]", "knit-sandbox --help",
                    "README.md \"Configuration\"").doesNotContain("Apache Camel Runner");
        }
    }
}

package dev.candidaterouter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator stops the process (SIGTERM) while its pollers are busy: it stops without an ERROR. The embedded H2
 * used to close the database from its own JVM shutdown hook while Camel's graceful shutdown was still running the
 * pollers, and every stop ended with "Database is already closed" errors in the log.
 */
class GracefulStopTest {
    @TempDir
    Path home;

    @Test
    void aStopWhileThePollersAreBusyLogsNoError() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_PORT", String.valueOf(RunningApp.freePort()));
        env.put("DB_URL", TestDatabases.embeddedUrl(home));
        env.put("ATTACHMENTS_DIR", home.resolve("attachments").toString());
        env.put("OUTBOX_DIR", home.resolve("outbox").toString());
        // Pollers that run all the time: one of them is always between two statements when the stop comes.
        env.put("INBOX_POLL_INTERVAL_MS", "10");
        env.put("DISPATCH_POLL_INTERVAL_MS", "10");
        ChildJvm app = ChildJvm.start(env, home.resolve("app.log"));
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                assertThat(app.isAlive()).as("process alive; output:%n%s", app.output()).isTrue();
                assertThat(app.output()).contains("sent ASSESSMENT to candidate");
            });
        } finally {
            app.close();
        }
        String output = app.output();
        assertThat(output).as("the process stopped gracefully").contains("stopped");
        assertThat(output.lines().filter(line -> line.contains(" ERROR ")))
                .as("ERROR lines in the log of a normal stop").isEmpty();
    }
}

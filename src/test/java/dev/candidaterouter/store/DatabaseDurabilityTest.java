package dev.candidaterouter.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.candidaterouter.TestDatabases;
import dev.candidaterouter.TestEvents;
import dev.candidaterouter.knit.EnvelopeKeys;
import dev.candidaterouter.knit.InboxRepository;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@link DurableCommits#flush()} promised survives a kill -9 of the process on embedded H2 and SQLite: a child JVM
 * stores inbox rows from four threads and prints each event id once flushed; it is killed mid-stream, and every
 * printed id must be in the database afterwards. (Without the flush H2 loses the last half second of commits; SQLite
 * in WAL mode has every commit in its log before the commit returns.)
 * Meanwhile a fifth thread keeps updating the stored rows, so that chunks are freed and their space reused all
 * the time while the process dies.
 */
class DatabaseDurabilityTest {
    @TempDir
    Path home;

    /** The child process: stores and flushes until killed. */
    public static void main(String[] args) throws Exception {
        Database db = Database.open(args[0], "sa", "", 5);
        Jdbc jdbc = new Jdbc(db.dataSource());
        new Thread(() -> {
            while (true) {
                jdbc.update("UPDATE inbox_event SET status = 'processed' WHERE status = 'received'");
            }
        }).start();
        InboxRepository inbox = new InboxRepository(db.dataSource(), Clock.systemUTC(), "child", Duration.ofMinutes(5), 3);
        for (int t = 0; t < 4; t++) {
            int thread = t;
            new Thread(() -> {
                for (int i = 0; ; i++) {
                    String id = "t" + thread + "-" + i;
                    byte[] body = TestEvents.minimal(id);
                    inbox.store("int", EnvelopeKeys.peek(body), body);
                    db.durableCommits().flush();
                    synchronized (System.out) {
                        System.out.println(id);
                        System.out.flush();
                    }
                }
            }).start();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "sqlite"})
    void everyFlushedCommitSurvivesAKillNine(String engine) throws Exception {
        String url = TestDatabases.fileUrl(engine, home.resolve("db/durable"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DatabaseDurabilityTest.class.getName(), url)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.matches("t\\d-\\d+")) { // not the child's log lines
                        acknowledged.add(line);
                    }
                }
            } catch (java.io.IOException ignored) {
                // the child was killed
            }
        });
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 2000);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no database close
            child.waitFor();
            reader.join(10_000);
        }
        List<String> promised = List.copyOf(acknowledged);
        try (Database db = Database.open(url, "sa", "", 2)) {
            Set<String> stored = new HashSet<>(new Jdbc(db.dataSource()).query("SELECT event_id FROM inbox_event", rs -> rs.getString(1)));
            assertThat(promised).hasSizeGreaterThanOrEqualTo(2000);
            assertThat(stored).containsAll(promised);
        }
    }
}

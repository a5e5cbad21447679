package dev.candidaterouter.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candidaterouter.TestDatabases;
import dev.candidaterouter.assessment.AssessmentDecision;
import dev.candidaterouter.assessment.Channel;
import dev.candidaterouter.assessment.DecisionRepository;
import dev.candidaterouter.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two processes claiming due sends at once: each send goes to exactly one of them, and no claim fails. One UPDATE
 * takes a poll's batch (on PostgreSQL its rows locked in id order), and each process reads back only the rows its own
 * UPDATE took; batches of different sizes make two claims meet on some of their rows, not all.
 */
class ConcurrentDispatchClaimTest {
    private static final Duration CLAIM_TIMEOUT = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "sqlite", "postgres"})
    void eachSendIsClaimedByOneProcess(String db) throws Exception {
        try (Database database = TestDatabases.open(db, dir)) {
            int sends = 300;
            DecisionRepository decisions = new DecisionRepository(database.dataSource(), Clock.systemUTC());
            DispatchRepository planner = repository(database, "planner");
            for (int i = 0; i < sends; i++) {
                AssessmentDecision decision = new AssessmentDecision("c-" + i);
                decision.setAssessmentId("backend-jvm-advanced");
                decision.addChannel(Channel.ASSESSMENT);
                planner.plan(decisions.record("int-1", "event-" + i, decision, "{}"), "int-1", decision);
            }
            ExecutorService processes = Executors.newFixedThreadPool(2);
            try {
                List<Callable<List<Long>>> claimers = new ArrayList<>();
                for (String name : List.of("first", "second")) {
                    DispatchRepository dispatches = repository(database, name);
                    int batch = name.equals("first") ? 25 : 17;
                    claimers.add(() -> {
                        List<Long> mine = new ArrayList<>();
                        List<DispatchJob> claimed;
                        while (!(claimed = dispatches.claimDue("ASSESSMENT", batch, 1000)).isEmpty()) {
                            claimed.forEach(job -> mine.add(job.id()));
                        }
                        return mine;
                    });
                }
                List<Long> all = new ArrayList<>();
                for (Future<List<Long>> claimer : processes.invokeAll(claimers)) {
                    all.addAll(claimer.get());
                }
                assertThat(all).hasSize(sends).doesNotHaveDuplicates();
            } finally {
                processes.shutdownNow();
            }
        }
    }

    private static DispatchRepository repository(Database database, String instanceId) {
        return new DispatchRepository(database.dataSource(), Clock.systemUTC(), instanceId, CLAIM_TIMEOUT, false);
    }
}

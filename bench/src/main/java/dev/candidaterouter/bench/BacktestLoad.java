package dev.candidaterouter.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.candidaterouter.assessment.BacktestReport;
import dev.candidaterouter.assessment.RuleBacktests;
import dev.candidaterouter.candidate.CandidateProfile;
import dev.candidaterouter.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Issue 16, backtest: stores N candidates (the sample profiles, each copied under N / samples ids, as the
 * pipeline stores them) in a fresh H2 file database, then backtests a known change — quarkus joins the backend-jvm
 * track — against the shipped rules over all of them, as {@code rules backtest} does. Prints the time to store
 * them (not part of the figure) and the backtest's candidates/s, with the report's first lines as a check.
 *
 * <pre>
 * java -cp ... dev.candidaterouter.bench.BacktestLoad [--candidates 100000]
 * </pre>
 */
public final class BacktestLoad {
    private BacktestLoad() {
    }

    public static void main(String[] args) throws Exception {
        int candidates = args.length == 2 && args[0].equals("--candidates") ? Integer.parseInt(args[1]) : 100_000;
        Path work = Files.createTempDirectory("bench-backtest");
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        List<CandidateProfile> samples = BenchProfiles.load(Path.of("samples/knit"), work.resolve("attachments"));
        Path changed = changedRules(work.resolve("changed-rules"));
        try (Database database = Database.open("jdbc:h2:file:" + work.resolve("db").toAbsolutePath(), "sa", "", 4)) {
            long t0 = System.nanoTime();
            store(database, mapper, samples, candidates);
            System.out.printf("stored %,d candidates in %.1f s (setup, not measured)%n", candidates, (System.nanoTime() - t0) / 1e9);

            RuleBacktests backtests = new RuleBacktests(new dev.candidaterouter.candidate.CandidateRepository(
                    database.dataSource(), Clock.systemUTC()), mapper, "rules", Clock.systemUTC());
            long t1 = System.nanoTime();
            BacktestReport report = backtests.run(changed.toString(), null);
            double seconds = (System.nanoTime() - t1) / 1e9;
            if (report.candidates() != candidates) {
                throw new IllegalStateException("backtest saw " + report.candidates() + " candidates, stored " + candidates);
            }
            System.out.print(report.toText().lines().limit(3).reduce("", (a, b) -> a + b + "\n"));
            System.out.printf("RESULT backtest: %,d candidates in %.1f s = %,.0f candidates/s (target: 100,000 in < 60 s)%n",
                    candidates, seconds, candidates / seconds);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The shipped rules with quarkus in the backend-jvm track: the change issue 16 names as its example. */
    private static Path changedRules(Path folder) throws Exception {
        Files.createDirectories(folder);
        String drl = Files.readString(Path.of("rules/assessment-routing.drl"));
        String changed = drl.replace("\"spring\", \"spring boot\")", "\"spring\", \"spring boot\", \"quarkus\")");
        if (changed.equals(drl)) {
            throw new IllegalStateException("the backend-jvm track's skill list changed: update BacktestLoad's edit");
        }
        Files.writeString(folder.resolve("assessment-routing.drl"), changed);
        return folder;
    }

    /** Batched inserts into the candidate table, the columns the pipeline writes. */
    private static void store(Database database, ObjectMapper mapper, List<CandidateProfile> samples, int count)
            throws Exception {
        List<ObjectNode> json = samples.stream().map(p -> (ObjectNode) mapper.valueToTree(p)).toList();
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement insert = c.prepareStatement("""
                        INSERT INTO candidate (integration_id, candidate_id, state, last_event_seq, profile_json, updated_at)
                        VALUES ('bench-integration', ?, 'active', ?, ?, ?)""")) {
            c.setAutoCommit(false);
            for (int i = 0; i < count; i++) {
                String id = String.format("c-%07d", i);
                ObjectNode profile = json.get(i % json.size()).deepCopy().put("candidateId", id);
                insert.setString(1, id);
                insert.setLong(2, i);
                insert.setString(3, mapper.writeValueAsString(profile));
                insert.setTimestamp(4, now);
                insert.addBatch();
                if (i % 1000 == 999) {
                    insert.executeBatch();
                    c.commit();
                }
            }
            insert.executeBatch();
            c.commit();
        }
    }
}

package dev.candidaterouter.candidate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candidaterouter.TestDatabases;
import dev.candidaterouter.store.Database;
import dev.candidaterouter.store.Jdbc;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which candidate records the store accepts, whatever order Knit delivers them in: a {@code record.new} is inserted
 * outright when the candidate is new, and judged against the row we hold when it is not (older: refused; newer:
 * replaces it; after a deletion: revives the candidate, which a {@code record.modified} may not).
 */
class CandidateRecordOrderTest {
    private static final Instant MONDAY = Instant.parse("2026-11-30T09:00:00Z");
    private static final Instant TUESDAY = Instant.parse("2026-12-01T09:00:00Z");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "sqlite", "postgres"})
    void recordsAreJudgedAgainstTheRowWeHold(String db) throws Exception {
        try (Database database = TestDatabases.open(db, dir)) {
            CandidateRepository candidates = new CandidateRepository(database.dataSource(), Clock.systemUTC());
            Jdbc jdbc = new Jdbc(database.dataSource());

            assertThat(candidates.accept("int-1", "c-1", true, TUESDAY, 1, "{\"v\":\"tuesday\"}").accepted()).isTrue();
            CandidateRepository.Verdict older = candidates.accept("int-1", "c-1", true, MONDAY, 2, "{\"v\":\"monday\"}");
            assertThat(older.accepted()).isFalse();
            assertThat(older.reason()).startsWith("older than the state we hold");
            assertThat(profile(jdbc)).isEqualTo("{\"v\":\"tuesday\"}");

            assertThat(candidates.accept("int-1", "c-1", true, TUESDAY.plusSeconds(60), 3, "{\"v\":\"later\"}").accepted())
                    .isTrue();
            assertThat(profile(jdbc)).isEqualTo("{\"v\":\"later\"}");

            candidates.markDeleted("int-1", "c-1", 4);
            assertThat(candidates.accept("int-1", "c-1", false, TUESDAY.plusSeconds(120), 5, "{\"v\":\"modified\"}")
                    .reason()).startsWith("candidate was deleted");
            assertThat(candidates.accept("int-1", "c-1", true, TUESDAY.plusSeconds(180), 6, "{\"v\":\"back\"}").accepted())
                    .isTrue();
            assertThat(jdbc.query("SELECT state, profile_json, last_event_seq FROM candidate",
                    rs -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getLong(3)))
                    .containsExactly("active {\"v\":\"back\"} 6");
        }
    }

    private static String profile(Jdbc jdbc) {
        return jdbc.queryOne("SELECT profile_json FROM candidate WHERE candidate_id = 'c-1'", rs -> rs.getString(1))
                .orElseThrow();
    }
}

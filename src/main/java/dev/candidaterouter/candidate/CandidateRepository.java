package dev.candidaterouter.candidate;

import dev.candidaterouter.store.Jdbc;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The latest state we hold per candidate. It decides whether an arriving record may replace what we have:
 * Knit redelivers for days, so an old {@code record.new} may arrive after a newer {@code record.modified}, and a
 * {@code record.modified} may arrive after the candidate was deleted.
 */
public class CandidateRepository {
    /** Why a record was not accepted, or null when it was. */
    public record Verdict(boolean accepted, String reason) {
        static final Verdict ACCEPTED = new Verdict(true, null);

        static Verdict rejected(String reason) {
            return new Verdict(false, reason);
        }
    }

    private record State(String state, Instant sourceUpdatedAt, long lastEventSeq) {
    }

    private final Jdbc jdbc;
    private final Clock clock;

    public CandidateRepository(DataSource dataSource, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
    }

    /**
     * Accepts a candidate record unless it is older than what we hold (by {@code info.updatedAt} when both sides
     * have one, else by inbox arrival order) or the candidate was deleted and this is not a new record.
     */
    public Verdict accept(String integrationId, String candidateId, boolean isNewRecord, Instant updatedAt, long eventSeq,
            String profileJson) {
        // A record.new is most often about a candidate we do not hold yet (a sync sends one per candidate): its insert
        // is tried first, one statement where a read and then the insert were two; a clash reads the row we hold and
        // judges against it like any other record.
        if (isNewRecord && insertNew(integrationId, candidateId, updatedAt, eventSeq, profileJson)) {
            return Verdict.ACCEPTED;
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<State> current = find(integrationId, candidateId);
            if (current.isEmpty()) {
                if (insertNew(integrationId, candidateId, updatedAt, eventSeq, profileJson)) {
                    return Verdict.ACCEPTED;
                }
                continue; // another process inserted first: judge against its row
            }
            State s = current.get();
            if ("deleted".equals(s.state()) && !isNewRecord) {
                return Verdict.rejected("candidate was deleted; only a new record.new revives it");
            }
            if (isOlder(s, updatedAt, eventSeq)) {
                return Verdict.rejected("older than the state we hold (updatedAt " + updatedAt + " < " + s.sourceUpdatedAt() + ")");
            }
            // Conditional update: if another process moved the row meanwhile, read again and judge again.
            int changed = jdbc.update("""
                    UPDATE candidate SET state = 'active', source_updated_at = ?, last_event_seq = ?, profile_json = ?,
                                         updated_at = ?
                     WHERE integration_id = ? AND candidate_id = ? AND last_event_seq = ?""",
                    updatedAt == null ? s.sourceUpdatedAt() : updatedAt, Math.max(eventSeq, s.lastEventSeq()), profileJson,
                    clock.instant(), integrationId, candidateId, s.lastEventSeq());
            if (changed == 1) {
                return Verdict.ACCEPTED;
            }
        }
        return Verdict.rejected("candidate state kept changing concurrently; will be retried");
    }

    private boolean insertNew(String integrationId, String candidateId, Instant updatedAt, long eventSeq, String profileJson) {
        return jdbc.insertIfAbsent("""
                INSERT INTO candidate (integration_id, candidate_id, state, source_updated_at, last_event_seq,
                                       profile_json, updated_at)
                VALUES (?, ?, 'active', ?, ?, ?, ?)""",
                integrationId, candidateId, updatedAt, eventSeq, profileJson, clock.instant());
    }

    /** Marks the candidate deleted (creating the row if we never saw it, so a late record.modified is refused). */
    public void markDeleted(String integrationId, String candidateId, long eventSeq) {
        int changed = jdbc.update("""
                UPDATE candidate SET state = 'deleted', last_event_seq = ?, updated_at = ?
                 WHERE integration_id = ? AND candidate_id = ?""",
                eventSeq, clock.instant(), integrationId, candidateId);
        if (changed == 0 && !jdbc.insertIfAbsent("""
                INSERT INTO candidate (integration_id, candidate_id, state, last_event_seq, updated_at)
                VALUES (?, ?, 'deleted', ?, ?)""", integrationId, candidateId, eventSeq, clock.instant())) {
            markDeleted(integrationId, candidateId, eventSeq); // another process inserted first: mark its row
        }
    }

    /** A candidate's latest profile as stored: what the rules saw when they last decided for them. */
    public record StoredProfile(String integrationId, String candidateId, String profileJson) {
    }

    /**
     * Calls {@code each} with the stored profile of every active candidate changed at or after {@code since} (null:
     * all), in key order, reading {@code pageSize} rows at a time so that any number of candidates fits in memory.
     * Read-only: for backtests.
     */
    public void forEachActiveProfile(Instant since, int pageSize, Consumer<StoredProfile> each) {
        Instant from = since == null ? Instant.EPOCH : since;
        List<String> integrations = jdbc.query("SELECT DISTINCT integration_id FROM candidate ORDER BY integration_id",
                rs -> rs.getString(1));
        for (String integration : integrations) {
            String after = "";
            while (true) {
                // Keyset paging within one integration (not OFFSET, not an OR across the key's two columns): each page
                // is a range of the primary key's index starting where the last ended, at the same cost however deep.
                List<StoredProfile> page = jdbc.query("""
                        SELECT integration_id, candidate_id, profile_json FROM candidate
                         WHERE integration_id = ? AND candidate_id > ?
                           AND state = 'active' AND profile_json IS NOT NULL AND updated_at >= ?
                         ORDER BY integration_id, candidate_id
                         LIMIT %d""".formatted(pageSize),
                        rs -> new StoredProfile(rs.getString(1), rs.getString(2), rs.getString(3)),
                        integration, after, from);
                page.forEach(each);
                if (page.size() < pageSize) {
                    break;
                }
                after = page.get(page.size() - 1).candidateId();
            }
        }
    }

    /** The stored profile of an active candidate; empty when unknown, deleted or erased. */
    public Optional<String> activeProfileJson(String integrationId, String candidateId) {
        return jdbc.queryOne("SELECT profile_json FROM candidate WHERE integration_id = ? AND candidate_id = ? AND state = 'active'",
                rs -> rs.getString(1), integrationId, candidateId);
    }

    /** The candidate's state ({@code active} or {@code deleted}); empty when we never heard of them. */
    public Optional<String> state(String integrationId, String candidateId) {
        return jdbc.queryOne("SELECT state FROM candidate WHERE integration_id = ? AND candidate_id = ?",
                rs -> rs.getString(1), integrationId, candidateId);
    }

    /** Replaces an active candidate's stored profile, e.g. after their applications changed. */
    public void replaceProfile(String integrationId, String candidateId, String profileJson) {
        jdbc.update("UPDATE candidate SET profile_json = ?, updated_at = ? WHERE integration_id = ? AND candidate_id = ? AND state = 'active'",
                profileJson, clock.instant(), integrationId, candidateId);
    }

    private Optional<State> find(String integrationId, String candidateId) {
        return jdbc.queryOne("""
                SELECT state, source_updated_at, last_event_seq FROM candidate
                 WHERE integration_id = ? AND candidate_id = ?""",
                rs -> new State(rs.getString(1), Jdbc.instant(rs, "source_updated_at"), rs.getLong(3)),
                integrationId, candidateId);
    }

    private static boolean isOlder(State s, Instant updatedAt, long eventSeq) {
        if (updatedAt != null && s.sourceUpdatedAt() != null) {
            return updatedAt.isBefore(s.sourceUpdatedAt());
        }
        return eventSeq < s.lastEventSeq();
    }
}

package dev.candidaterouter.candidate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.store.Jdbc;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The latest state we hold per application (table {@code job_application}), guarded like candidates
 * ({@link CandidateRepository}): Knit redelivers for days, so an old {@code record.new} may arrive after a newer
 * {@code record.modified}, and a change may arrive after the application was deleted.
 */
public class ApplicationRepository {
    /** An application as stored, with the problems met reading its latest accepted event. */
    public record Stored(JobApplication application, List<DataIssue> issues) {
    }

    private record State(String state, Instant sourceUpdatedAt, long lastEventSeq, String candidateId) {
    }


    private final Jdbc jdbc;
    private final Clock clock;
    private final StoredDataIssues storedIssues;

    public ApplicationRepository(DataSource dataSource, Clock clock, ObjectMapper mapper) {
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
        this.storedIssues = new StoredDataIssues(mapper);
    }

    /**
     * Stores the application unless it is older than what we hold (by {@code updatedAt} when both sides have one,
     * else by inbox order) or it was deleted and this is not a new record.
     */
    public CandidateRepository.Verdict accept(String integrationId, JobApplication a, List<DataIssue> issues,
            boolean isNewRecord, long eventSeq) {
        String issuesJson = storedIssues.toColumn(issues);
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<State> current = find(integrationId, a.id());
            JobStage stage = a.currentStage() == null ? new JobStage(null, null) : a.currentStage();
            if (current.isEmpty()) {
                if (jdbc.insertIfAbsent("""
                        INSERT INTO job_application (integration_id, application_id, candidate_id, job_id, status, stage_id,
                                                     stage_name, applied_at, state, source_updated_at, last_event_seq,
                                                     data_issues, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?)""",
                        integrationId, a.id(), a.candidateId(), a.jobId(), a.status(), stage.id(), stage.name(),
                        a.appliedAt(), a.updatedAt(), eventSeq, issuesJson, clock.instant())) {
                    return CandidateRepository.Verdict.ACCEPTED;
                }
                continue;
            }
            State s = current.get();
            if ("deleted".equals(s.state()) && !isNewRecord) {
                return CandidateRepository.Verdict.rejected("application was deleted; only a new record.new revives it");
            }
            if (a.updatedAt() != null && s.sourceUpdatedAt() != null ? a.updatedAt().isBefore(s.sourceUpdatedAt())
                    : eventSeq < s.lastEventSeq()) {
                return CandidateRepository.Verdict.rejected("older than the application state we hold (updatedAt "
                        + a.updatedAt() + " < " + s.sourceUpdatedAt() + ")");
            }
            int changed = jdbc.update("""
                    UPDATE job_application SET candidate_id = ?, job_id = ?, status = ?, stage_id = ?, stage_name = ?,
                                               applied_at = ?, state = 'active', source_updated_at = ?,
                                               last_event_seq = ?, data_issues = ?, updated_at = ?
                     WHERE integration_id = ? AND application_id = ? AND last_event_seq = ?""",
                    a.candidateId() == null ? s.candidateId() : a.candidateId(), a.jobId(), a.status(), stage.id(),
                    stage.name(), a.appliedAt(), a.updatedAt() == null ? s.sourceUpdatedAt() : a.updatedAt(),
                    Math.max(eventSeq, s.lastEventSeq()), issuesJson, clock.instant(), integrationId, a.id(),
                    s.lastEventSeq());
            if (changed == 1) {
                return CandidateRepository.Verdict.ACCEPTED;
            }
        }
        return CandidateRepository.Verdict.rejected("application state kept changing concurrently; will be retried");
    }

    /**
     * Marks the application deleted (creating the row if we never saw it, so a late change is refused).
     *
     * @return the candidate it belonged to, when known
     */
    public Optional<String> markDeleted(String integrationId, String applicationId, String candidateId, long eventSeq) {
        Optional<String> owner = find(integrationId, applicationId).map(State::candidateId);
        int changed = jdbc.update("""
                UPDATE job_application SET state = 'deleted', last_event_seq = ?, updated_at = ?
                 WHERE integration_id = ? AND application_id = ?""",
                eventSeq, clock.instant(), integrationId, applicationId);
        if (changed == 0 && !jdbc.insertIfAbsent("""
                INSERT INTO job_application (integration_id, application_id, candidate_id, state, last_event_seq, updated_at)
                VALUES (?, ?, ?, 'deleted', ?, ?)""", integrationId, applicationId, candidateId, eventSeq, clock.instant())) {
            return markDeleted(integrationId, applicationId, candidateId, eventSeq);
        }
        return owner.filter(id -> id != null).or(() -> Optional.ofNullable(candidateId));
    }

    /** The candidate's applications that are not deleted, oldest application first. */
    public List<Stored> ofCandidate(String integrationId, String candidateId) {
        return readOfCandidate(integrationId, candidateId).list();
    }

    /** The read of {@link #ofCandidate}, to run with another ({@link Jdbc#bothTogether}). */
    public Jdbc.Read<Stored> readOfCandidate(String integrationId, String candidateId) {
        return jdbc.read("""
                SELECT application_id, candidate_id, job_id, status, stage_id, stage_name, applied_at, source_updated_at,
                       data_issues
                  FROM job_application
                 WHERE integration_id = ? AND candidate_id = ? AND state = 'active'
                 ORDER BY applied_at, application_id""",
                rs -> new Stored(new JobApplication(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5) == null && rs.getString(6) == null ? null : new JobStage(rs.getString(5), rs.getString(6)),
                        Jdbc.instant(rs, "applied_at"), Jdbc.instant(rs, "source_updated_at")), storedIssues.fromColumn(rs.getString(9))),
                integrationId, candidateId);
    }

    /**
     * The candidates with an application on {@code jobId} whose stage is known by id only: its name, which the rules'
     * stage gate reads, comes from the job's stages. In id order, the order their locks are taken in (no deadlock
     * between two jobs' events sharing candidates).
     */
    public List<String> candidatesNamingTheStageOnlyById(String integrationId, String jobId) {
        return jdbc.query("""
                SELECT DISTINCT candidate_id FROM job_application
                 WHERE integration_id = ? AND job_id = ? AND state = 'active' AND candidate_id IS NOT NULL
                   AND stage_id IS NOT NULL AND (stage_name IS NULL OR stage_name = '')
                 ORDER BY candidate_id""", rs -> rs.getString(1), integrationId, jobId);
    }

    private Optional<State> find(String integrationId, String applicationId) {
        return jdbc.queryOne("""
                SELECT state, source_updated_at, last_event_seq, candidate_id FROM job_application
                 WHERE integration_id = ? AND application_id = ?""",
                rs -> new State(rs.getString(1), Jdbc.instant(rs, "source_updated_at"), rs.getLong(3), rs.getString(4)),
                integrationId, applicationId);
    }
}

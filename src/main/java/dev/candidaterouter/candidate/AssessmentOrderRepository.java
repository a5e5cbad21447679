package dev.candidaterouter.candidate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.store.Jdbc;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The orders from the ATS we hold (table {@code assessment_order}), one per Knit order id: a repeated or redelivered
 * order event rewrites its row (the latest event by inbox order wins), so nothing is counted twice.
 */
public class AssessmentOrderRepository {
    /** An order as stored, with the problems met reading its latest event. */
    public record Stored(AssessmentOrder order, List<DataIssue> issues) {
    }


    private final Jdbc jdbc;
    private final Clock clock;
    private final StoredDataIssues storedIssues;

    public AssessmentOrderRepository(DataSource dataSource, Clock clock, ObjectMapper mapper) {
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
        this.storedIssues = new StoredDataIssues(mapper);
    }

    /** Stores the order, or updates it when this event is not older than the one we hold. */
    public void accept(String integrationId, AssessmentOrder o, List<DataIssue> issues, long eventSeq) {
        Instant now = clock.instant();
        String issuesJson = storedIssues.toColumn(issues);
        if (jdbc.insertIfAbsent("""
                INSERT INTO assessment_order (integration_id, order_id, candidate_id, application_id, job_id, package_id,
                                              package_name, data_issues, last_event_seq, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                integrationId, o.getId(), o.getCandidateId(), o.getApplicationId(), o.getJobId(), o.getPackageId(),
                o.getPackageName(), issuesJson, eventSeq, now, now)) {
            return;
        }
        jdbc.update("""
                UPDATE assessment_order SET candidate_id = ?, application_id = ?, job_id = ?, package_id = ?, package_name = ?,
                                            data_issues = ?, last_event_seq = ?, updated_at = ?
                 WHERE integration_id = ? AND order_id = ? AND last_event_seq <= ?""",
                o.getCandidateId(), o.getApplicationId(), o.getJobId(), o.getPackageId(), o.getPackageName(), issuesJson,
                eventSeq, now, integrationId, o.getId(), eventSeq);
    }

    /** The read of the candidate's orders, oldest first (the last is the one the rules see), to run with another. */
    public Jdbc.Read<Stored> readOfCandidate(String integrationId, String candidateId) {
        return jdbc.read("""
                SELECT order_id, package_id, package_name, application_id, job_id, candidate_id, data_issues
                  FROM assessment_order
                 WHERE integration_id = ? AND candidate_id = ?
                 ORDER BY created_at, order_id""",
                rs -> new Stored(new AssessmentOrder(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)), storedIssues.fromColumn(rs.getString(7))),
                integrationId, candidateId);
    }

    /**
     * Every candidate's latest order, by {@link #candidateKey}: for a backtest, which decides every stored candidate
     * and must see their orders as the pipeline does (orders are few beside candidates: one read, not one per candidate).
     */
    public Map<String, AssessmentOrder> latestByCandidate() {
        record Keyed(String integrationId, AssessmentOrder order) {
        }
        Map<String, AssessmentOrder> latest = new HashMap<>();
        // Oldest first: a later order of the same candidate replaces an earlier one.
        for (Keyed k : jdbc.query("""
                SELECT integration_id, order_id, package_id, package_name, application_id, job_id, candidate_id
                  FROM assessment_order ORDER BY created_at, order_id""",
                rs -> new Keyed(rs.getString(1), new AssessmentOrder(rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7))))) {
            latest.put(candidateKey(k.integrationId(), k.order().getCandidateId()), k.order());
        }
        return latest;
    }

    /** The key of {@link #latestByCandidate()}. */
    public static String candidateKey(String integrationId, String candidateId) {
        return integrationId + "\u001f" + candidateId;
    }
}

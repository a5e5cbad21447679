package dev.candidaterouter.candidate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.store.Jdbc;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** The latest state we hold per job (table {@code job}), guarded against old events like candidates and applications. */
public class JobRepository {
    private record State(String state, Instant sourceUpdatedAt, long lastEventSeq) {
    }

    private static final TypeReference<List<JobStage>> STAGES = new TypeReference<>() {
    };

    private final Jdbc jdbc;
    private final Clock clock;
    private final ObjectMapper mapper;

    public JobRepository(DataSource dataSource, Clock clock, ObjectMapper mapper) {
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
        this.mapper = mapper;
    }

    /** Stores the job unless it is older than what we hold, or deleted and this is not a new record. */
    public CandidateRepository.Verdict accept(String integrationId, Job job, boolean isNewRecord, long eventSeq) {
        String stages = json(job.stages());
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<State> current = find(integrationId, job.id());
            if (current.isEmpty()) {
                if (jdbc.insertIfAbsent("""
                        INSERT INTO job (integration_id, job_id, title, department, stages_json, state, source_updated_at,
                                         last_event_seq, updated_at)
                        VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?)""",
                        integrationId, job.id(), job.title(), job.department(), stages, job.updatedAt(), eventSeq,
                        clock.instant())) {
                    return CandidateRepository.Verdict.ACCEPTED;
                }
                continue;
            }
            State s = current.get();
            if ("deleted".equals(s.state()) && !isNewRecord) {
                return CandidateRepository.Verdict.rejected("job was deleted; only a new record.new revives it");
            }
            if (job.updatedAt() != null && s.sourceUpdatedAt() != null ? job.updatedAt().isBefore(s.sourceUpdatedAt())
                    : eventSeq < s.lastEventSeq()) {
                return CandidateRepository.Verdict.rejected("older than the job state we hold");
            }
            int changed = jdbc.update("""
                    UPDATE job SET title = ?, department = ?, stages_json = ?, state = 'active', source_updated_at = ?,
                                   last_event_seq = ?, updated_at = ?
                     WHERE integration_id = ? AND job_id = ? AND last_event_seq = ?""",
                    job.title(), job.department(), stages, job.updatedAt() == null ? s.sourceUpdatedAt() : job.updatedAt(),
                    Math.max(eventSeq, s.lastEventSeq()), clock.instant(), integrationId, job.id(), s.lastEventSeq());
            if (changed == 1) {
                return CandidateRepository.Verdict.ACCEPTED;
            }
        }
        return CandidateRepository.Verdict.rejected("job state kept changing concurrently; will be retried");
    }

    /** Marks the job deleted (creating the row if we never saw it, so a late change is refused). */
    public void markDeleted(String integrationId, String jobId, long eventSeq) {
        int changed = jdbc.update("UPDATE job SET state = 'deleted', last_event_seq = ?, updated_at = ? WHERE integration_id = ? AND job_id = ?",
                eventSeq, clock.instant(), integrationId, jobId);
        if (changed == 0 && !jdbc.insertIfAbsent("""
                INSERT INTO job (integration_id, job_id, state, last_event_seq, updated_at) VALUES (?, ?, 'deleted', ?, ?)""",
                integrationId, jobId, eventSeq, clock.instant())) {
            markDeleted(integrationId, jobId, eventSeq);
        }
    }

    /** The known (not deleted) jobs among {@code jobIds}, by id. */
    public Map<String, Job> find(String integrationId, List<String> jobIds) {
        List<String> ids = jobIds.stream().filter(id -> id != null).distinct().toList();
        Map<String, Job> jobs = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return jobs;
        }
        List<Object> args = new ArrayList<>();
        args.add(integrationId);
        args.addAll(ids);
        jdbc.query("SELECT job_id, title, department, stages_json, source_updated_at FROM job WHERE integration_id = ?"
                        + " AND state = 'active' AND job_id IN" + Jdbc.inList(ids.size()),
                rs -> new Job(rs.getString(1), rs.getString(2), rs.getString(3), stages(rs.getString(4)),
                        Jdbc.instant(rs, "source_updated_at")), args.toArray())
                .forEach(job -> jobs.put(job.id(), job));
        return jobs;
    }

    private Optional<State> find(String integrationId, String jobId) {
        return jdbc.queryOne("SELECT state, source_updated_at, last_event_seq FROM job WHERE integration_id = ? AND job_id = ?",
                rs -> new State(rs.getString(1), Jdbc.instant(rs, "source_updated_at"), rs.getLong(3)), integrationId, jobId);
    }

    private String json(List<JobStage> stages) {
        try {
            return mapper.writeValueAsString(stages);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stages could not be written as JSON", e);
        }
    }

    private List<JobStage> stages(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return mapper.readValue(json, STAGES);
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }
}

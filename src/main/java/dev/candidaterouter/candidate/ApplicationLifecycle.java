package dev.candidaterouter.candidate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candidaterouter.knit.KnitEvent;
import dev.candidaterouter.knit.MalformedEventException;
import dev.candidaterouter.masking.LogSafeText;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies Knit's {@code ats_applications} and {@code ats_jobs} events to what we hold: a new or changed application
 * or job is stored unless older than what we have; a deletion marks it deleted. Which candidate must be decided
 * again afterwards is the pipeline's next step.
 */
public class ApplicationLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(ApplicationLifecycle.class);

    private final ApplicationRepository applications;
    private final JobRepository jobs;

    public ApplicationLifecycle(ApplicationRepository applications, JobRepository jobs) {
        this.applications = applications;
        this.jobs = jobs;
    }

    /**
     * Stores an application record.
     *
     * @return null when stored; else why the event is ignored (no application id, stale, deleted)
     */
    public String acceptApplication(KnitEvent event, ReadRecord<JobApplication> read) {
        JobApplication a = read.value();
        if (a == null) {
            return "application record has neither info.id nor recordId";
        }
        CandidateRepository.Verdict verdict = applications.accept(event.integrationId(), a, read.issues(),
                KnitEvent.RECORD_NEW.equals(event.eventType()), event.inboxSeq());
        if (!verdict.accepted()) {
            return verdict.reason();
        }
        LOG.info("application {} of candidate {} for job {}: {} at stage {}", a.id(), a.candidateId(), a.jobId(),
                a.status(), a.currentStage() == null ? "-" : "'" + LogSafeText.mask(a.currentStage().name()) + "'");
        return null;
    }

    /**
     * Handles an application's {@code record.deleted}: the ids are in eventData ({@code applicationId},
     * {@code candidateId}, {@code jobId}), the application id else in {@code id} or recordId.
     *
     * @return the candidate the application belonged to, when known (to be decided again), else null
     */
    public String deleteApplication(KnitEvent event) {
        String applicationId = firstText(event.eventData(), "applicationId", "id");
        if (applicationId == null) {
            applicationId = event.recordId();
        }
        if (applicationId == null) {
            throw new MalformedEventException("record.deleted of ats_applications names no application (no applicationId, id or recordId)");
        }
        String candidateId = applications.markDeleted(event.integrationId(), applicationId,
                firstText(event.eventData(), "candidateId"), event.inboxSeq()).orElse(null);
        LOG.info("application {} of candidate {} deleted in the ATS", applicationId, candidateId);
        return candidateId;
    }

    /** Stores a job record. @return null when stored; else why the event is ignored */
    public String acceptJob(KnitEvent event, ReadRecord<Job> read) {
        Job job = read.value();
        if (job == null) {
            return "job record has neither info.id nor recordId";
        }
        CandidateRepository.Verdict verdict = jobs.accept(event.integrationId(), job,
                KnitEvent.RECORD_NEW.equals(event.eventType()), event.inboxSeq());
        if (!verdict.accepted()) {
            return verdict.reason();
        }
        if (!read.issues().isEmpty()) {
            // Jobs have no profile to carry their issues: the log names the fields (paths only, no values).
            LOG.warn("job {}: unreadable fields left empty: {}", job.id(),
                    read.issues().stream().map(DataIssue::field).toList());
        }
        return null;
    }

    /**
     * The job the event names ({@code read}, from {@link JobReader}) as we hold it before this event (null: not known
     * yet), to tell whether the event changes its stages.
     */
    public Job storedJob(KnitEvent event, ReadRecord<Job> read) {
        String jobId = read.value() == null ? null : read.value().id();
        return jobId == null ? null : jobs.find(event.integrationId(), List.of(jobId)).get(jobId);
    }

    /**
     * The candidates to decide again now that {@code job}'s stages are stored: when its stages changed (or the job is
     * new), those whose applications on it name their stage by id only (see
     * {@link ApplicationRepository#candidatesNamingTheStageOnlyById}). A job event that leaves the stages as they were
     * (the next sync, a changed title) decides nobody again.
     *
     * @param read the job as the event has it ({@link JobReader})
     * @param before the job as held before this event ({@link #storedJob}), null when it is new
     */
    public List<String> candidatesToDecideAgain(KnitEvent event, ReadRecord<Job> read, Job before) {
        Job job = read.value();
        if (job == null || job.id() == null || (before != null && Objects.equals(before.stages(), job.stages()))) {
            return List.of();
        }
        return applications.candidatesNamingTheStageOnlyById(event.integrationId(), job.id());
    }

    /** Handles a job's {@code record.deleted}: the job id in {@code jobId}, {@code id} or recordId. */
    public void deleteJob(KnitEvent event) {
        String jobId = firstText(event.eventData(), "jobId", "id");
        if (jobId == null) {
            jobId = event.recordId();
        }
        if (jobId == null) {
            throw new MalformedEventException("record.deleted of ats_jobs names no job (no jobId, id or recordId)");
        }
        jobs.markDeleted(event.integrationId(), jobId, event.inboxSeq());
        LOG.info("job {} deleted in the ATS", jobId);
    }

    private static String firstText(JsonNode data, String... fields) {
        if (data == null) {
            return null;
        }
        for (String f : fields) {
            JsonNode n = data.get(f);
            if (n != null && n.isValueNode() && !n.asText().isBlank()) {
                return n.asText().strip();
            }
        }
        return null;
    }
}

package dev.candidaterouter.candidate;

import dev.candidaterouter.store.Jdbc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Puts the candidate's applications on their profile: each stored application (not deleted) with its job's title
 * (null until the job is known) and its stage name (from the job's stages when the application gave only the
 * stage's id). Problems read from an application's event join the profile's data issues as
 * {@code applications[<id>].<field>}. When ats_applications is not synced (KNIT_DATA_TYPES) the profile says so
 * ({@code applicationsTracked} false): the applications it shows, if any reached us, may not be all of them.
 * Problems read from an order of the candidate (an ATS's {@code candidateAssessment}) join them likewise, as
 * {@code candidateAssessment[<id>].<field>}; the candidate's latest order is also the fact the rules see beside the
 * profile, so every decision of the candidate sees what the recruiter ordered (a later change, an application moving
 * on, does not undo it). One read of the orders gives both: a decision reads them once.
 */
public class CandidateApplications {
    private static final String ISSUE_PREFIX = "applications[";
    private static final String ORDER_ISSUE_PREFIX = AssessmentOrderReader.ROOT + "[";

    private final ApplicationRepository applications;
    private final JobRepository jobs;
    private final boolean tracked;
    private final AssessmentOrderRepository orders;
    private final CandidateLocks locks;

    /**
     * @param tracked whether ats_applications is among the synced data types
     * @param orders the orders from the ATS: their data issues join the profile's, the latest is the rules' fact
     * @param locks the candidates' locks, for {@link #lockAndAttach}
     */
    public CandidateApplications(ApplicationRepository applications, JobRepository jobs, boolean tracked,
            AssessmentOrderRepository orders, CandidateLocks locks) {
        this.applications = applications;
        this.jobs = jobs;
        this.tracked = tracked;
        this.orders = orders;
        this.locks = locks;
    }

    /** The profile with the candidate's current applications (replacing any it had), and their latest order as a fact. */
    public AttachedProfile attach(CandidateProfile profile) {
        return attach(profile, false);
    }

    /**
     * In an event's transaction: the candidate locked first ({@link CandidateLocks}; held until the transaction ends,
     * after any other event about them that is being worked on), then {@link #attach} on what that event committed.
     * On PostgreSQL the lock and the reads go in one round trip.
     */
    public AttachedProfile lockAndAttach(CandidateProfile profile) {
        return attach(profile, true);
    }

    private AttachedProfile attach(CandidateProfile profile, boolean lockFirst) {
        List<DataIssue> issues = new ArrayList<>(profile.getDataIssues());
        issues.removeIf(issue -> issue.field() != null
                && (issue.field().startsWith(ISSUE_PREFIX) || issue.field().startsWith(ORDER_ISSUE_PREFIX)));
        List<CandidateApplication> views = new ArrayList<>();
        List<Object> facts = List.of();
        // Applications that reached us are shown even when ats_applications is not synced (a pushed event); only
        // "tracked" says whether the list is complete, and with it whether the rules' gate applies.
        if (profile.getCandidateId() != null) {
            // The applications and the orders in one round trip (PostgreSQL): every decision reads both.
            Jdbc.Read<ApplicationRepository.Stored> ofApplications =
                    applications.readOfCandidate(profile.getIntegrationId(), profile.getCandidateId());
            Jdbc.Read<AssessmentOrderRepository.Stored> ofOrders =
                    orders.readOfCandidate(profile.getIntegrationId(), profile.getCandidateId());
            Jdbc.Both<ApplicationRepository.Stored, AssessmentOrderRepository.Stored> read = lockFirst
                    ? locks.lockThenRead(profile.getIntegrationId(), profile.getCandidateId(), ofApplications, ofOrders)
                    : Jdbc.bothTogether(ofApplications, ofOrders);
            List<ApplicationRepository.Stored> stored = read.first();
            Map<String, Job> jobsById = jobs.find(profile.getIntegrationId(),
                    stored.stream().map(s -> s.application().jobId()).toList());
            for (ApplicationRepository.Stored s : stored) {
                JobApplication a = s.application();
                Job job = a.jobId() == null ? null : jobsById.get(a.jobId());
                JobStage stage = a.currentStage() == null ? new JobStage(null, null) : a.currentStage();
                String stageName = stage.name() != null ? stage.name() : stageNameFromJob(job, stage.id());
                views.add(new CandidateApplication(a.id(), a.jobId(), job == null ? null : job.title(), a.status(),
                        stageName, stage.id(), a.appliedAt()));
                s.issues().forEach(issue -> issues.add(new DataIssue(ISSUE_PREFIX + a.id() + "]." + issue.field(), issue.problem())));
            }
            // Oldest first: the last is the latest.
            List<AssessmentOrderRepository.Stored> held = read.second();
            for (AssessmentOrderRepository.Stored o : held) {
                // The reader's paths start at candidateAssessment: the order's id goes in between.
                o.issues().forEach(issue -> issues.add(new DataIssue(ORDER_ISSUE_PREFIX + o.order().getId() + "]"
                        + issue.field().substring(Math.min(issue.field().length(), AssessmentOrderReader.ROOT.length())),
                        issue.problem())));
            }
            if (!held.isEmpty()) {
                facts = List.of(held.get(held.size() - 1).order());
            }
        }
        return new AttachedProfile(
                profile.toBuilder().applications(views).applicationsTracked(tracked).dataIssues(issues).build(), facts);
    }

    private static String stageNameFromJob(Job job, String stageId) {
        if (job == null || stageId == null) {
            return null;
        }
        return job.stages().stream().filter(st -> stageId.equals(st.id())).map(JobStage::name).findFirst().orElse(null);
    }
}

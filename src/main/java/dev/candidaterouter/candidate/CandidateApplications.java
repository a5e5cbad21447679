package dev.candidaterouter.candidate;

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
 * {@code candidateAssessment[<id>].<field>}.
 */
public class CandidateApplications {
    private static final String ISSUE_PREFIX = "applications[";
    private static final String ORDER_ISSUE_PREFIX = AssessmentOrderReader.ROOT + "[";

    private final ApplicationRepository applications;
    private final JobRepository jobs;
    private final boolean tracked;
    private final AssessmentOrderRepository orders;

    /** @param tracked whether ats_applications is among the synced data types */
    public CandidateApplications(ApplicationRepository applications, JobRepository jobs, boolean tracked) {
        this(applications, jobs, tracked, null);
    }

    /** @param orders the orders from the ATS, whose data issues join the profile's (null: none) */
    public CandidateApplications(ApplicationRepository applications, JobRepository jobs, boolean tracked,
            AssessmentOrderRepository orders) {
        this.applications = applications;
        this.jobs = jobs;
        this.tracked = tracked;
        this.orders = orders;
    }

    /** The profile with the candidate's current applications (replacing any it had). */
    public CandidateProfile attach(CandidateProfile profile) {
        List<DataIssue> issues = new ArrayList<>(profile.getDataIssues());
        issues.removeIf(issue -> issue.field() != null
                && (issue.field().startsWith(ISSUE_PREFIX) || issue.field().startsWith(ORDER_ISSUE_PREFIX)));
        List<CandidateApplication> views = new ArrayList<>();
        // Applications that reached us are shown even when ats_applications is not synced (a pushed event); only
        // "tracked" says whether the list is complete, and with it whether the rules' gate applies.
        if (profile.getCandidateId() != null) {
            List<ApplicationRepository.Stored> stored = applications.ofCandidate(profile.getIntegrationId(), profile.getCandidateId());
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
            if (orders != null) {
                for (AssessmentOrderRepository.Stored o : orders.ofCandidate(profile.getIntegrationId(), profile.getCandidateId())) {
                    // The reader's paths start at candidateAssessment: the order's id goes in between.
                    o.issues().forEach(issue -> issues.add(new DataIssue(ORDER_ISSUE_PREFIX + o.order().getId() + "]"
                            + issue.field().substring(Math.min(issue.field().length(), AssessmentOrderReader.ROOT.length())),
                            issue.problem())));
                }
            }
        }
        return profile.toBuilder().applications(views).applicationsTracked(tracked).dataIssues(issues).build();
    }

    private static String stageNameFromJob(Job job, String stageId) {
        if (job == null || stageId == null) {
            return null;
        }
        return job.stages().stream().filter(st -> stageId.equals(st.id())).map(JobStage::name).findFirst().orElse(null);
    }
}

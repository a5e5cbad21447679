package dev.candidaterouter;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.candidate.ApplicationLifecycle;
import dev.candidaterouter.candidate.AssessmentOrderReader;
import dev.candidaterouter.candidate.AssessmentOrderRepository;
import dev.candidaterouter.candidate.AssessmentOrders;
import dev.candidaterouter.candidate.ApplicationReader;
import dev.candidaterouter.candidate.ApplicationRepository;
import dev.candidaterouter.candidate.CandidateApplications;
import dev.candidaterouter.candidate.CandidateLifecycle;
import dev.candidaterouter.candidate.CandidateLocks;
import dev.candidaterouter.knit.KnitDataType;
import dev.candidaterouter.candidate.JobReader;
import dev.candidaterouter.candidate.JobRepository;
import dev.candidaterouter.candidate.CandidateRepository;
import dev.candidaterouter.candidate.ModelCollector;
import dev.candidaterouter.candidate.ModelReader;
import dev.candidaterouter.candidate.OutboundUrlPolicy;
import dev.candidaterouter.candidate.PendingSends;
import dev.candidaterouter.candidate.PersonalDataEraser;
import dev.candidaterouter.candidate.ProfileAssembler;
import dev.candidaterouter.candidate.ResumeLocator;
import dev.candidaterouter.consent.SmsConsent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/**
 * Stage 2, the candidate (routes/candidate-pipeline.yaml): an event's models become a profile, with its resume
 * fetched from the allowed hosts; personal data is erased on deletion (ERASE_ON_DELETE) and after RETENTION_DAYS.
 */
public class CandidateConfiguration implements CamelConfiguration {

    @BindToRegistry("modelReader")
    public ModelReader modelReader() {
        return new ModelReader();
    }

    @BindToRegistry("modelCollector")
    public ModelCollector modelCollector() {
        return new ModelCollector();
    }

    /** Resumes: fetched only from ATTACHMENT_HOSTS, at most ATTACHMENT_MAX_BYTES, stored under ATTACHMENTS_DIR. */
    @BindToRegistry("resumeLocator")
    public ResumeLocator resumeLocator(@PropertyInject("attachments.hosts") String hosts, @PropertyInject("attachments.dir") String dir,
            @PropertyInject("attachments.max-bytes") long maxBytes) {
        return new ResumeLocator(OutboundUrlPolicy.fromList(hosts), Path.of(dir.strip()), maxBytes);
    }

    @BindToRegistry("profileAssembler")
    public ProfileAssembler profileAssembler(Clock clock, ResumeLocator resumes, SmsConsent smsConsent) {
        return new ProfileAssembler(clock, resumes, smsConsent);
    }

    /** RETENTION_DAYS=0 keeps the data (and routes/retention.yaml then has no purge route). */
    @BindToRegistry("personalData")
    public PersonalDataEraser personalData(DataSource dataSource, ResumeLocator resumes, Clock clock,
            @PropertyInject("retention.days") int retentionDays) {
        return new PersonalDataEraser(dataSource, resumes, clock, retentionDays > 0 ? Duration.ofDays(retentionDays) : null);
    }

    /** The first step of every event about a candidate: one event per candidate at a time, across processes. */
    @BindToRegistry("candidateLocks")
    public CandidateLocks candidateLocks(DataSource dataSource) {
        return new CandidateLocks(dataSource);
    }

    /** Lazy: built when the routes first use it, from personalData and candidateLocks of this class (bound by then). */
    @BindToRegistry(value = "candidateLifecycle", lazy = true)
    public CandidateLifecycle candidateLifecycle(DataSource dataSource, Clock clock, PendingSends dispatches,
            PersonalDataEraser eraser, @PropertyInject("erase-on-delete") boolean eraseOnDelete, ObjectMapper jsonMapper,
            CandidateLocks candidateLocks) {
        return new CandidateLifecycle(new CandidateRepository(dataSource, clock), dispatches, eraser, eraseOnDelete, jsonMapper,
                candidateLocks);
    }

    @BindToRegistry("applicationReader")
    public ApplicationReader applicationReader() {
        return new ApplicationReader();
    }

    @BindToRegistry("jobReader")
    public JobReader jobReader() {
        return new JobReader();
    }

    @BindToRegistry("applicationRepository")
    public ApplicationRepository applicationRepository(DataSource dataSource, Clock clock, ObjectMapper jsonMapper) {
        return new ApplicationRepository(dataSource, clock, jsonMapper);
    }

    @BindToRegistry("jobRepository")
    public JobRepository jobRepository(DataSource dataSource, Clock clock, ObjectMapper jsonMapper) {
        return new JobRepository(dataSource, clock, jsonMapper);
    }

    /** Applications and jobs from Knit (ats_applications, ats_jobs): stored per integration, guarded against old events. */
    @BindToRegistry(value = "applicationLifecycle", lazy = true)
    public ApplicationLifecycle applicationLifecycle(ApplicationRepository applications, JobRepository jobs) {
        return new ApplicationLifecycle(applications, jobs);
    }

    /** The profile's applications; applicationsTracked when KNIT_DATA_TYPES includes ats_applications. */
    @BindToRegistry("candidateApplications")
    public CandidateApplications candidateApplications(ApplicationRepository applications, JobRepository jobs,
            @PropertyInject("knit.data-types") String dataTypes, AssessmentOrderRepository orders, CandidateLocks candidateLocks) {
        return new CandidateApplications(applications, jobs,
                KnitDataType.parseList(dataTypes).contains(KnitDataType.APPLICATIONS), orders, candidateLocks);
    }

    @BindToRegistry("assessmentOrderReader")
    public AssessmentOrderReader assessmentOrderReader() {
        return new AssessmentOrderReader();
    }

    @BindToRegistry("assessmentOrderRepository")
    public AssessmentOrderRepository assessmentOrderRepository(DataSource dataSource, Clock clock, ObjectMapper jsonMapper) {
        return new AssessmentOrderRepository(dataSource, clock, jsonMapper);
    }

    /** Orders from the ATS (Knit's Assessments API): stored per order, the candidate's latest seen by the rules. */
    @BindToRegistry("assessmentOrders")
    public AssessmentOrders assessmentOrders(DataSource dataSource, Clock clock, AssessmentOrderRepository orders) {
        return new AssessmentOrders(orders, new CandidateRepository(dataSource, clock));
    }
}

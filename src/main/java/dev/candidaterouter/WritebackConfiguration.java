package dev.candidaterouter;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.candidate.ApplicationRepository;
import dev.candidaterouter.candidate.CandidateLocks;
import dev.candidaterouter.candidate.JobRepository;
import dev.candidaterouter.config.ConfigurationException;
import dev.candidaterouter.dispatch.DispatchRepository;
import dev.candidaterouter.writeback.AtsNotes;
import dev.candidaterouter.writeback.AtsWrites;
import dev.candidaterouter.writeback.GreenhouseNotes;
import dev.candidaterouter.writeback.ResultDecisions;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/**
 * Stage 6, assessment results back to the ATS (routes/result-actions.yaml, routes/dispatch-ats.yaml): the result
 * rules' decisions on stored results, and the writes through Knit they plan (RULES_RESULTS_DIR, KNIT_ORDER_*,
 * KNIT_STAGE_ID_FIELD, ATS_NOTES, GREENHOUSE_NOTE_*).
 */
public class WritebackConfiguration implements CamelConfiguration {

    /** Which integrations take notes, and as whom; a wrong ATS_NOTES or a missing Greenhouse user stops the start. */
    @BindToRegistry("atsNotes")
    public AtsNotes atsNotes(ObjectMapper jsonMapper, @PropertyInject("ats.notes") String notes,
            @PropertyInject("greenhouse.note-user-id") String userId,
            @PropertyInject("greenhouse.note-visibility") String visibility) {
        try {
            GreenhouseNotes greenhouse = new GreenhouseNotes(jsonMapper, userId, visibility);
            AtsNotes atsNotes = new AtsNotes(notes, greenhouse);
            if (atsNotes.anyEnabled() && !greenhouse.configured()) {
                throw new ConfigurationException("GREENHOUSE_NOTE_USER_ID: ATS_NOTES enables Greenhouse notes, which are"
                        + " written on behalf of a Greenhouse user: set that user's id");
            }
            return atsNotes;
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }

    @BindToRegistry("resultDecisions")
    public ResultDecisions resultDecisions(DataSource dataSource, Clock clock, @BeanInject("instanceId") String instanceId,
            @PropertyInject("processing.claim-timeout-seconds") long claimTimeoutSeconds,
            @PropertyInject("inbox.max-attempts") int maxAttempts, ApplicationRepository applications, JobRepository jobs,
            DispatchRepository dispatches, AtsNotes notes, ObjectMapper jsonMapper, CandidateLocks candidateLocks) {
        return new ResultDecisions(dataSource, clock, instanceId, Duration.ofSeconds(claimTimeoutSeconds), maxAttempts,
                applications, jobs, dispatches, notes, jsonMapper, candidateLocks);
    }

    @BindToRegistry("atsWrites")
    public AtsWrites atsWrites(DataSource dataSource, ObjectMapper jsonMapper,
            @PropertyInject("knit.order.id-fields") String idFields,
            @PropertyInject("knit.order.completed-status") String completedStatus,
            @PropertyInject("knit.order.score-field") String scoreField,
            @PropertyInject("knit.order.report-field") String reportField,
            @PropertyInject("knit.stage-id-field") String stageIdField, AtsNotes notes) {
        return new AtsWrites(dataSource, jsonMapper, idFields, completedStatus, scoreField, reportField, stageIdField, notes);
    }
}

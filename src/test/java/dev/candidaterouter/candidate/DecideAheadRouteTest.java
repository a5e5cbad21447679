package dev.candidaterouter.candidate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candidaterouter.knit.KnitEvent;
import java.time.Instant;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.junit.jupiter.api.Test;

/**
 * A candidate record is decided before its transaction (decide-ahead), and the transaction (update-candidate, then
 * choose-assessment) keeps that decision only when the applications and order it reads are what the rules saw. The
 * routes as the application runs them; the rules step is observed (mock endpoint, not skipped), so each test counts
 * how often the rules ran and reads the decision that was stored.
 */
class DecideAheadRouteTest extends PipelineRoutesTestSupport {
    private static final String RULES_STEP = "direct:apply-assessment-rules";

    @Override
    public void configureContext(CamelContextConfiguration context) {
        super.configureContext(context);
        context.withMockEndpoints(RULES_STEP);
    }

    @Test
    void nothingChangedInBetweenTheDecisionMadeAheadIsStoredAndTheRulesRanOnce() throws Exception {
        MockEndpoint rules = getMockEndpoint("mock:" + RULES_STEP);
        KnitEvent event = candidateRecord("rec-ahead-1");

        Exchange ahead = decideAhead(event);
        update(event, ahead);

        assertThat(rules.getReceivedCounter()).isEqualTo(1);
        assertThat(storedDecisionProfile("rec-ahead-1")).doesNotContain("app-between");
    }

    @Test
    void anApplicationStoredInBetweenMakesTheTransactionDecideAgainOnIt() throws Exception {
        MockEndpoint rules = getMockEndpoint("mock:" + RULES_STEP);
        KnitEvent event = candidateRecord("rec-ahead-2");

        Exchange ahead = decideAhead(event);
        // Another event commits an application of the candidate after the rules decided, before the transaction.
        context.getRegistry().lookupByNameAndType("applicationRepository", ApplicationRepository.class).accept("int-1",
                new JobApplication("app-between", "rec-ahead-2", "job-1", JobApplication.ACTIVE,
                        new JobStage("stg-3", "Technical Assessment"), Instant.parse("2026-11-01T00:00:00Z"), null),
                List.of(), true, 99);
        update(event, ahead);

        assertThat(rules.getReceivedCounter()).as("ahead, then again in the transaction").isEqualTo(2);
        CandidateProfile seenByTheRules = rules.getExchanges().get(1).getIn().getBody(CandidateProfile.class);
        assertThat(seenByTheRules.getApplications()).extracting(CandidateApplication::getId).containsExactly("app-between");
        assertThat(storedDecisionProfile("rec-ahead-2")).contains("app-between");
    }

    @Test
    void anOrderStoredInBetweenMakesTheTransactionDecideAgainWithItAsTheRulesFact() throws Exception {
        MockEndpoint rules = getMockEndpoint("mock:" + RULES_STEP);
        KnitEvent event = candidateRecord("rec-ahead-3");

        Exchange ahead = decideAhead(event);
        assertThat(rules.getExchanges().get(0).getIn().getHeader("CandidateRouterFacts", List.class)).isEmpty();
        // The recruiter orders a package for the candidate after the rules decided, before the transaction.
        AssessmentOrder order = new AssessmentOrder("ats_ass_between", "pkg_between", "Between", "app-1", "job-1", "rec-ahead-3");
        context.getRegistry().lookupByNameAndType("assessmentOrderRepository", AssessmentOrderRepository.class)
                .accept("int-1", order, List.of(), 99);
        update(event, ahead);

        assertThat(rules.getReceivedCounter()).as("ahead, then again in the transaction").isEqualTo(2);
        assertThat(rules.getExchanges().get(1).getIn().getHeader("CandidateRouterFacts", List.class))
                .extracting(fact -> ((AssessmentOrder) fact).getPackageId()).containsExactly("pkg_between");
        assertThat(jdbc().queryOne("SELECT assessment_id FROM decision WHERE candidate_id = 'rec-ahead-3'",
                rs -> rs.getString(1))).hasValue("pkg_between");
    }

    /** The sample candidate under its own id (the record's id is the candidate's: info.id). */
    private KnitEvent candidateRecord(String candidateId) {
        ObjectNode data = Events.sample();
        ((ObjectNode) data.get("info")).put("id", candidateId);
        return new KnitEvent(1, "int-1", "evt-" + candidateId, KnitEvent.RECORD_NEW, candidateId, "job-1", "run-1", data);
    }

    /** assemble-profile then decide-ahead, as process-knit-event runs them (outside the transaction). */
    private Exchange decideAhead(KnitEvent event) {
        Exchange assembled = template.send("direct:assemble-profile", exchange -> {
            exchange.getIn().setBody(event);
            exchange.setProperty("knitEvent", event);
        });
        assertThat(assembled.getException()).isNull();
        Exchange ahead = template.send("direct:decide-ahead", exchange -> {
            exchange.getIn().setBody(assembled.getIn().getBody());
            exchange.setProperty("knitEvent", event);
        });
        assertThat(ahead.getException()).isNull();
        assertThat(ahead.getProperty("decidedAhead")).isNotNull();
        return ahead;
    }

    /** update-candidate with what decide-ahead left on the exchange (act-on-knit-event's transaction in the app). */
    private void update(KnitEvent event, Exchange ahead) {
        Exchange updated = template.send("direct:update-candidate", exchange -> {
            exchange.getIn().setBody(ahead.getIn().getBody());
            exchange.getIn().setHeaders(ahead.getIn().getHeaders());
            exchange.setProperty("knitEvent", event);
            exchange.setProperty("decidedAhead", ahead.getProperty("decidedAhead"));
        });
        assertThat(updated.getException()).isNull();
    }

    private String storedDecisionProfile(String candidateId) {
        return jdbc().queryOne("SELECT profile_json FROM decision WHERE candidate_id = ?", rs -> rs.getString(1), candidateId)
                .orElseThrow();
    }
}

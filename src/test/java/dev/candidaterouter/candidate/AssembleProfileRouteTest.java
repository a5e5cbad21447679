package dev.candidaterouter.candidate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candidaterouter.knit.KnitEvent;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.junit.jupiter.api.Test;

/**
 * The assemble-profile and update-candidate routes of routes/candidate-pipeline.yaml as the application runs them
 * (Camel Main, its configuration classes and beans, the YAML loaded from the file): the record is split into its
 * models, each read, collected and assembled once (without the database), then stored and handed on to the rules.
 * Only the rules step is cut off (mocked and skipped), so what reaches it is what the routes made.
 */
class AssembleProfileRouteTest extends PipelineRoutesTestSupport {
    private static final String RULES_STEP = "direct:choose-assessment";

    @Override
    public void configureContext(CamelContextConfiguration context) {
        super.configureContext(context);
        context.withMockEndpointsAndSkip(RULES_STEP);
    }

    private KnitEvent candidateRecord(String recordId, JsonNode eventData) {
        return new KnitEvent(1, "int-1", "evt-" + recordId, KnitEvent.RECORD_NEW, recordId, "job-1", "run-1", eventData);
    }

    /**
     * Sends the event as process-knit-event does: the event in the body and in the property the routes read, the
     * profile assemble-profile made on to update-candidate (in act-on-knit-event's transaction in the application).
     */
    private void assemble(KnitEvent event) {
        long candidatesBefore = jdbc().count("SELECT COUNT(*) FROM candidate");
        Exchange assembled = template.send("direct:assemble-profile", exchange -> {
            exchange.getIn().setBody(event);
            exchange.setProperty("knitEvent", event);
        });
        assertThat(assembled.getException()).isNull();
        assertThat(jdbc().count("SELECT COUNT(*) FROM candidate")).as("assembling writes nothing")
                .isEqualTo(candidatesBefore);
        template.send("direct:update-candidate", exchange -> {
            exchange.getIn().setBody(assembled.getIn().getBody());
            exchange.setProperty("knitEvent", event);
        });
    }

    @Test
    void theRouteSplitsReadsCollectsAndAssemblesTheSameProfileAsTheAssemblerAlone() throws Exception {
        ObjectNode eventData = Events.sample();
        ((ObjectNode) eventData.get("experiences").get(0)).put("startDate", "not a date");
        MockEndpoint rules = getMockEndpoint("mock:" + RULES_STEP);
        rules.expectedMessageCount(1);

        assemble(candidateRecord("rec-1", eventData));

        rules.assertIsSatisfied();
        CandidateProfile viaRoute = rules.getExchanges().get(0).getIn().getBody(CandidateProfile.class);
        ProfileAssembler assembler = context.getRegistry().lookupByNameAndType("profileAssembler", ProfileAssembler.class);
        CandidateProfile direct = assembler.assemble("int-1", "rec-1", eventData);
        // The route adds what the assembler cannot know: the applications we hold (none yet), and whether they are
        // tracked (not with the test defaults, KNIT_DATA_TYPES=ats_candidates).
        assertThat(viaRoute).usingRecursiveComparison().isEqualTo(direct);
        assertThat(viaRoute.isApplicationsTracked()).isFalse();
        assertThat(viaRoute.getApplications()).isEmpty();
        assertThat(viaRoute.getSkills()).hasSize(4);
        // The garbled date, and the sample's resume link: no ATTACHMENTS_HOSTS is configured, so it is refused, not fetched.
        assertThat(viaRoute.getDataIssues()).extracting(DataIssue::field)
                .containsExactly("experiences[0].startDate", "attachments[1].downloadLink", "attachments[1].link");
        // candidateLifecycle.accept stored the candidate before the rules were asked.
        assertThat(jdbc().count("SELECT COUNT(*) FROM candidate WHERE integration_id = ? AND candidate_id = ?", "int-1",
                viaRoute.getCandidateId())).isEqualTo(1);
    }

    @Test
    void aRecordWithoutModelsStillGivesAProfile() throws Exception {
        MockEndpoint rules = getMockEndpoint("mock:" + RULES_STEP);
        rules.expectedMessageCount(1);

        assemble(candidateRecord("rec-2", Events.json("{'unrelated': 1}")));

        rules.assertIsSatisfied();
        CandidateProfile profile = rules.getExchanges().get(0).getIn().getBody(CandidateProfile.class);
        assertThat(profile.getCandidateId()).isEqualTo("rec-2");
        assertThat(profile.getIntegrationId()).isEqualTo("int-1");
        assertThat(profile.getSkills()).isEmpty();
    }
}

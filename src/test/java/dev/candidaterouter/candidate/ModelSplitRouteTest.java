package dev.candidaterouter.candidate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline's shape in Java: split the models, read each, collect, assemble once. */
class ModelSplitRouteTest extends CamelTestSupport {
    @TempDir
    static Path attachments;

    private final ProfileAssembler assembler = Events.assembler(attachments);

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in")
                        .split(method(ModelPart.class, "of"), new ModelCollector())
                            .bean(new ModelReader())
                        .end()
                        .bean(assembler, "assemble(${header.integrationId}, ${header.recordId}, ${body})");
            }
        };
    }

    private CandidateProfile send(JsonNode eventData) {
        return template.requestBodyAndHeaders("direct:in", eventData,
                Map.of("integrationId", "int-1", "recordId", "rec-1"), CandidateProfile.class);
    }

    @Test
    void splitReadCollectAndAssembleGivesTheSameProfileAsTheConvenienceMethod() {
        JsonNode eventData = Events.sample();
        ((com.fasterxml.jackson.databind.node.ObjectNode) eventData.get("experiences").get(0))
                .put("startDate", "not a date");

        CandidateProfile viaRoute = send(eventData);

        CandidateProfile direct = assembler.assemble("int-1", "rec-1", eventData);
        assertThat(viaRoute).usingRecursiveComparison().isEqualTo(direct);
        assertThat(viaRoute.getSkills()).hasSize(4);
        assertThat(viaRoute.getDataIssues()).extracting(DataIssue::field).containsExactly("experiences[0].startDate");
    }

    @Test
    void anEventWithoutModelsStillGivesAProfile() {
        CandidateProfile profile = send(Events.json("{'unrelated': 1}"));

        assertThat(profile.getCandidateId()).isEqualTo("rec-1");
        assertThat(profile.getSkills()).isEmpty();
    }
}

package dev.candidaterouter.knit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one name process-knit-event (candidate-pipeline.yaml) chooses its branch by. */
class KnitEventKindTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            record.new              | ats_candidates   | {"candidate_info":{"id":"c1"}}                   | candidate-record
            record.modified         | ats_candidates   | {"candidate_info":{"id":"c1"}}                   | candidate-record
            record.new              | ats_applications | {"application_info":{"id":"a1"}}                 | application-record
            record.modified         | ats_jobs         | {"job_info":{"id":"j1"}}                         | job-record
            record.new              |                  | {"candidateAssessment":{"candidateId":"c1"}}     | assessment-order
            record.new              |                  | {"candidateAssessment":"not an object"}          | assessment-order
            record.new              | ats_candidates   | {"candidateAssessment":null,"candidate_info":{}} | candidate-record
            record.deleted          | ats_candidates   | {"id":"c1"}                                      | candidate-deletion
            record.deleted          | ats_applications | {"id":"a1"}                                      | application-deletion
            record.deleted          | ats_jobs         | {"id":"j1"}                                      | job-deletion
            sync.events.processed   | ats_candidates   | {}                                               | sync-progress
            sync.events.allConsumed | ats_candidates   | {}                                               | sync-progress
            record.archived         | ats_candidates   | {}                                               | unknown
            """)
    void eachEventHasOneKind(String eventType, String dataType, String eventData, String kind) throws Exception {
        JsonNode data = JSON.readTree(eventData);
        KnitDataType type = dataType == null ? null : KnitDataType.fromWireName(dataType).orElseThrow();
        KnitEvent event = new KnitEvent(1, "int-1", "ev-1", eventType, "r1", "job-1", "run-1", data, type);

        assertThat(event.kind()).isEqualTo(kind);
    }
}

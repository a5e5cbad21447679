package dev.candidaterouter.candidate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Applications and jobs are read as forgivingly as candidates: a bad field is named, the rest is kept. */
class ApplicationReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ApplicationReader applications = new ApplicationReader();
    private final JobReader jobs = new JobReader();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void readsAnApplicationWithKnitsFieldsAndAStageAsIdAndName() throws Exception {
        ReadRecord<JobApplication> read = applications.read(json("""
                {'info': {'id': 'app-1', 'status': 'ACTIVE', 'candidate': {'id': 'cand-1', 'firstName': 'Ada'},
                          'jobId': 'job-1', 'appliedAt': '2026-01-02T03:04:05Z', 'updatedAt': '2026-01-03T00:00:00Z'},
                 'currentStage': {'id': 'st-3', 'name': 'Technical Assessment'}, 'rejection': null}"""), "rec");

        assertThat(read.issues()).isEmpty();
        assertThat(read.value()).isEqualTo(new JobApplication("app-1", "cand-1", "job-1", "ACTIVE",
                new JobStage("st-3", "Technical Assessment"), Instant.parse("2026-01-02T03:04:05Z"),
                Instant.parse("2026-01-03T00:00:00Z")));
    }

    @Test
    void acceptsTheStageAsStageIdAndStageNameAndTheCandidateAsCandidateIdAndStatusInAnyCase() throws Exception {
        ReadRecord<JobApplication> read = applications.read(json("""
                {'info': {'id': 'app-1', 'status': ' rejected ', 'candidateId': 'cand-1'},
                 'currentStage': {'stageId': 'st-1', 'stageName': 'Phone Screen'}}"""), null);

        assertThat(read.value().status()).isEqualTo("REJECTED");
        assertThat(read.value().candidateId()).isEqualTo("cand-1");
        assertThat(read.value().currentStage()).isEqualTo(new JobStage("st-1", "Phone Screen"));
    }

    @Test
    void malformedOrUnknownFieldsAreNamedAndTheRestIsKept() throws Exception {
        ReadRecord<JobApplication> read = applications.read(json("""
                {'info': {'id': 'app-1', 'status': 'ON_HOLD', 'candidate': {'id': 'cand-1'}, 'appliedAt': 'yesterday'},
                 'currentStage': 'Assessment', 'rejection': 'no'}"""), null);

        assertThat(read.issues()).extracting(DataIssue::field)
                .containsExactlyInAnyOrder("info.status", "info.appliedAt", "currentStage", "rejection");
        assertThat(read.value().id()).isEqualTo("app-1");
        assertThat(read.value().candidateId()).isEqualTo("cand-1");
        assertThat(read.value().status()).isNull();
        assertThat(read.value().currentStage()).isNull();
    }

    @Test
    void theRecordIdStandsInForAMissingApplicationId() throws Exception {
        assertThat(applications.read(json("{'info': ['x']}"), "app-9").value().id()).isEqualTo("app-9");
        assertThat(applications.read(json("{'info': ['x']}"), "app-9").issues()).extracting(DataIssue::field).containsExactly("info");
        assertThat(applications.read(json("{}"), null).value()).isNull();
    }

    @Test
    void readsAJobsTitleDepartmentAndOrderedStagesInBothSpellings() throws Exception {
        ReadRecord<Job> read = jobs.read(json("""
                {'info': {'id': 'job-1', 'title': ' Data Engineer ', 'department': {'name': 'Data'}},
                 'stages': [{'id': 's1', 'name': 'Applied'}, {'stageId': 's2', 'stageName': 'Online Assessment'}, 7]}"""),
                null);

        assertThat(read.value().title()).isEqualTo("Data Engineer");
        assertThat(read.value().department()).isEqualTo("Data");
        assertThat(read.value().stages()).containsExactly(new JobStage("s1", "Applied"), new JobStage("s2", "Online Assessment"));
        assertThat(read.issues()).extracting(DataIssue::field).containsExactly("stages[2]");
    }
}

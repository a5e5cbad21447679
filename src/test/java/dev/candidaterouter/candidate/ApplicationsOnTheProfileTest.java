package dev.candidaterouter.candidate;

import static dev.candidaterouter.candidate.ApplicationsFromKnitTest.awaitIdle;
import static dev.candidaterouter.candidate.ApplicationsFromKnitTest.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.RunningApp;
import dev.candidaterouter.TestEvents;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The profile the rules see carries the candidate's applications, and a change to one of them decides the candidate
 * again; an application that arrives before its candidate waits for the candidate's record.
 */
class ApplicationsOnTheProfileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void aChangedApplicationDecidesTheCandidateAgainWithTheApplicationOnTheProfile() throws Exception {
        try (RunningApp app = RunningApp.start(home, withApplications(RunningApp.defaults(home)))) {
            post(app, TestEvents.candidate("record.new", "c1", "cand-1", "Java", "Expert", "2026-01-01T00:00:00Z"));
            awaitIdle(app, 0);
            JsonNode first = lastProfile(app, "cand-1");
            assertThat(first.path("applicationsTracked").asBoolean()).isTrue();
            assertThat(first.path("applications")).isEmpty();

            post(app, TestEvents.application("record.new", "a1", "app-1", "cand-1", "ACTIVE", "Phone Screen",
                    "2026-01-02T00:00:00Z"));
            awaitIdle(app, 0);
            assertThat(decisions(app, "cand-1")).isEqualTo(2);
            JsonNode application = lastProfile(app, "cand-1").path("applications").get(0);
            assertThat(application.path("id").asText()).isEqualTo("app-1");
            assertThat(application.path("jobId").asText()).isEqualTo("job-1");
            assertThat(application.path("jobTitle").isNull()).as("job not known yet").isTrue();
            assertThat(application.path("status").asText()).isEqualTo("ACTIVE");
            assertThat(application.path("stage").asText()).isEqualTo("Phone Screen");
            assertThat(application.path("stageId").asText()).isEqualTo("stage-Phone-Screen");
            assertThat(application.path("appliedAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
            // The rest of the profile is the one the candidate's record gave.
            assertThat(lastProfile(app, "cand-1").path("skills").get(0).path("name").asText()).isEqualTo("Java");

            post(app, TestEvents.job("j1", "Backend Engineer"));
            post(app, TestEvents.application("record.modified", "a2", "app-1", "cand-1", "ACTIVE", "Technical Assessment",
                    "2026-01-03T00:00:00Z"));
            awaitIdle(app, 0);
            JsonNode moved = lastProfile(app, "cand-1").path("applications").get(0);
            assertThat(moved.path("stage").asText()).isEqualTo("Technical Assessment");
            assertThat(moved.path("jobTitle").asText()).isEqualTo("Backend Engineer");

            post(app, TestEvents.applicationDeleted("a3", "app-1", "cand-1"));
            awaitIdle(app, 0);
            assertThat(decisions(app, "cand-1")).isEqualTo(4);
            assertThat(lastProfile(app, "cand-1").path("applications")).isEmpty();
        }
    }

    @Test
    void anApplicationBeforeItsCandidateWaitsAndBothOrdersEndWithTheSameProfile() throws Exception {
        try (RunningApp app = RunningApp.start(home, withApplications(RunningApp.defaults(home)))) {
            // Candidate first, then the application.
            post(app, TestEvents.candidate("record.new", "c1", "cand-1", "Java", "Expert", "2026-01-01T00:00:00Z"));
            awaitIdle(app, 0);
            post(app, TestEvents.application("record.new", "a1", "app-1", "cand-1", "ACTIVE", "Assessment",
                    "2026-01-02T00:00:00Z"));
            // The application first: nothing to decide until the candidate's record arrives.
            post(app, TestEvents.application("record.new", "a2", "app-2", "cand-2", "ACTIVE", "Assessment",
                    "2026-01-02T00:00:00Z"));
            awaitIdle(app, 0);
            assertThat(decisions(app, "cand-2")).isZero();
            assertThat(app.jdbc().queryOne("SELECT status FROM inbox_event WHERE event_id = 'a2'", rs -> rs.getString(1)))
                    .hasValue("processed");
            post(app, TestEvents.candidate("record.new", "c2", "cand-2", "Java", "Expert", "2026-01-01T00:00:00Z"));
            awaitIdle(app, 0);

            JsonNode candidateFirst = lastProfile(app, "cand-1");
            JsonNode applicationFirst = lastProfile(app, "cand-2");
            assertThat(applicationFirst.path("applications").get(0).path("stage").asText()).isEqualTo("Assessment");
            assertThat(without(applicationFirst, "cand-2", "app-2")).isEqualTo(without(candidateFirst, "cand-1", "app-1"));
        }
    }

    @Test
    void unreadableApplicationFieldsAreNamedInTheProfilesDataIssues() throws Exception {
        try (RunningApp app = RunningApp.start(home, withApplications(RunningApp.defaults(home)))) {
            post(app, TestEvents.candidate("record.new", "c1", "cand-1", "Java", "Expert", "2026-01-01T00:00:00Z"));
            post(app, TestEvents.application("record.new", "a1", "app-1", "cand-1", "ON_HOLD", "Assessment",
                    "2026-01-02T00:00:00Z").replace("\"appliedAt\":\"2026-01-01T00:00:00Z\"", "\"appliedAt\":42"));
            awaitIdle(app, 0);
            assertThat(lastProfile(app, "cand-1").path("dataIssues").findValuesAsText("field"))
                    .contains("applications[app-1].info.status", "applications[app-1].info.appliedAt");
            assertThat(app.jdbc().queryOne("SELECT status FROM inbox_event WHERE event_id = 'a1'", rs -> rs.getString(1)))
                    .hasValue("processed");
        }
    }

    @Test
    void withoutApplicationsInKnitDataTypesTheProfileSaysTheyAreNotTracked() throws Exception {
        Map<String, String> settings = RunningApp.defaults(home);
        settings.put("knit.data-types", "ats_candidates");
        try (RunningApp app = RunningApp.start(home, settings)) {
            post(app, TestEvents.candidate("record.new", "c1", "cand-1", "Java", "Expert", "2026-01-01T00:00:00Z"));
            awaitIdle(app, 0);
            assertThat(lastProfile(app, "cand-1").path("applicationsTracked").asBoolean()).isFalse();
        }
    }

    private static long decisions(RunningApp app, String candidateId) {
        return app.jdbc().count("SELECT COUNT(*) FROM decision WHERE candidate_id = ?", candidateId);
    }

    static JsonNode lastProfile(RunningApp app, String candidateId) throws Exception {
        return JSON.readTree(app.jdbc().queryOne("SELECT profile_json FROM decision WHERE candidate_id = ? ORDER BY id DESC",
                rs -> rs.getString(1), candidateId).orElseThrow());
    }

    private static String without(JsonNode profile, String candidateId, String applicationId) {
        return profile.toString().replace(candidateId, "<candidate>").replace(applicationId, "<application>");
    }

    static Map<String, String> withApplications(Map<String, String> settings) {
        settings.put("knit.data-types", RunningApp.ALL_DATA_TYPES);
        return settings;
    }
}

package dev.candidaterouter.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candidaterouter.candidate.AssessmentOrder;
import dev.candidaterouter.candidate.CandidateApplication;
import dev.candidaterouter.candidate.CandidateProfile;
import dev.candidaterouter.candidate.DataIssue;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A decision made before the transaction stands only on the same applications, their issues and the same order. */
class DecidedAheadTest {
    private static final CandidateApplication APPLIED = new CandidateApplication("app-1", "job-1", "Backend Engineer",
            "ACTIVE", "Technical Assessment", "stg-3", Instant.parse("2026-11-01T00:00:00Z"));
    private static final AssessmentOrder ORDER = new AssessmentOrder("ord-1", "pkg-java", "Java", "app-1", "job-1", "c-1");

    private static CandidateProfile profile(List<CandidateApplication> applications, List<DataIssue> issues) {
        return CandidateProfile.builder().integrationId("int-1").candidateId("c-1").applications(applications)
                .applicationsTracked(true).dataIssues(issues).build();
    }

    private static DecidedAhead madeOn(CandidateProfile profile, List<Object> facts) {
        return DecidedAhead.of(new AssessmentDecision(), List.of("rule a"), "v1", profile, facts, "{\"madeAhead\":true}");
    }

    @Test
    void theSameInputsReadAgainKeepTheDecision() {
        DecidedAhead ahead = madeOn(profile(List.of(APPLIED), List.of()), List.of(ORDER));
        // Read again in the transaction: other objects, equal values.
        CandidateProfile again = profile(List.of(new CandidateApplication("app-1", "job-1", "Backend Engineer", "ACTIVE",
                "Technical Assessment", "stg-3", Instant.parse("2026-11-01T00:00:00Z"))), List.of());
        AssessmentOrder orderAgain = new AssessmentOrder("ord-1", "pkg-java", "Java", "app-1", "job-1", "c-1");
        assertThat(DecidedAhead.stillHolds(ahead, again, List.of(orderAgain))).isTrue();
    }

    @Test
    void anApplicationThatMovedAnIssueOrANewOrderDecidesAgain() {
        DecidedAhead ahead = madeOn(profile(List.of(APPLIED), List.of()), List.of());
        CandidateApplication moved = new CandidateApplication("app-1", "job-1", "Backend Engineer", "REJECTED",
                "Rejected", "stg-9", Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(DecidedAhead.stillHolds(ahead, profile(List.of(moved), List.of()), List.of())).as("moved").isFalse();
        assertThat(DecidedAhead.stillHolds(ahead, profile(List.of(), List.of()), List.of())).as("deleted").isFalse();
        assertThat(DecidedAhead.stillHolds(ahead, profile(List.of(APPLIED),
                List.of(new DataIssue("applications[app-1].appliedAt", "not a date"))), List.of())).as("issue").isFalse();
        assertThat(DecidedAhead.stillHolds(ahead, profile(List.of(APPLIED), List.of()), List.of(ORDER))).as("order").isFalse();
    }

    @Test
    void theProfileWrittenAheadIsKeptOnlyForTheSameApplicationsAndIssues() {
        DecidedAhead ahead = madeOn(profile(List.of(APPLIED), List.of()), List.of(ORDER));
        assertThat(ahead.profileJsonFor(profile(List.of(APPLIED), List.of()))).isEqualTo("{\"madeAhead\":true}");
        assertThat(ahead.profileJsonFor(profile(List.of(), List.of()))).as("application gone").isNull();
        assertThat(ahead.profileJsonFor(profile(List.of(APPLIED),
                List.of(new DataIssue("applications[app-1].appliedAt", "not a date"))))).as("issue").isNull();
    }

    @Test
    void withoutADecisionMadeAheadTheRulesDecide() {
        assertThat(DecidedAhead.stillHolds(null, profile(List.of(), List.of()), List.of())).isFalse();
    }
}

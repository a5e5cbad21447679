package dev.candidaterouter.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candidaterouter.TestDatabases;
import dev.candidaterouter.assessment.AssessmentDecision;
import dev.candidaterouter.assessment.Channel;
import dev.candidaterouter.assessment.DecisionRepository;
import dev.candidaterouter.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A send claimed in a batch whose claim expired while earlier sends were slow may be taken by another process; the
 * first one must then not send it too: just before the provider call it renews its claim, or learns it lost it.
 */
class ClaimRenewalTest {
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private static final Duration CLAIM_TIMEOUT = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    @Test
    void aProcessWhoseClaimWasTakenOverDoesNotSendAndTheNewHolderDoes() throws Exception {
        try (Database db = TestDatabases.open("h2", dir)) {
            planInvitation(db);

            List<DispatchJob> claimedByA = repository(db, "instance-a", T0).claimDue("ASSESSMENT", 10, 50);
            assertThat(claimedByA).hasSize(1);
            assertThat(repository(db, "instance-a", T0.plusSeconds(60)).renewClaim(claimedByA.get(0)))
                    .as("still A's a minute later").isTrue();

            // A is stuck on slow sends for longer than the claim timeout; B takes the send over.
            Instant later = T0.plusSeconds(60).plus(CLAIM_TIMEOUT).plusSeconds(1);
            List<DispatchJob> claimedByB = repository(db, "instance-b", later).claimDue("ASSESSMENT", 10, 50);
            assertThat(claimedByB).extracting(DispatchJob::id).containsExactly(claimedByA.get(0).id());

            assertThat(repository(db, "instance-a", later).renewClaim(claimedByA.get(0))).as("A lost it: A must not send").isFalse();
            assertThat(repository(db, "instance-b", later).renewClaim(claimedByB.get(0))).as("B holds it").isTrue();
            // What send-dispatch asks: the job while it is ours (sent), null once it is not (left alone).
            assertThat(repository(db, "instance-a", later).stillClaimed(claimedByA.get(0))).as("A lost it").isNull();
            assertThat(repository(db, "instance-b", later).stillClaimed(claimedByB.get(0))).isSameAs(claimedByB.get(0));
        }
    }

    /**
     * An invitation (it may be sent again: the platform takes our idempotency key) claimed moments ago is ours without a
     * write; once half the claim timeout has gone, the check renews the claim in the database.
     */
    @Test
    void aFreshClaimIsCheckedWithoutAWriteAndAnAgeingOneIsRenewed() throws Exception {
        try (Database db = TestDatabases.open("h2", dir)) {
            planInvitation(db);
            DispatchJob job = repository(db, "instance-a", T0).claimDue("ASSESSMENT", 10, 50).get(0);

            assertThat(repository(db, "instance-a", T0.plusSeconds(60)).renewClaim(job)).isTrue();
            assertThat(claimedAt(db, job.id())).as("a minute into a five-minute claim: not written").isEqualTo(T0);

            Instant ageing = T0.plus(CLAIM_TIMEOUT.dividedBy(2)).plusSeconds(1);
            assertThat(repository(db, "instance-a", ageing).renewClaim(job)).isTrue();
            assertThat(claimedAt(db, job.id())).as("past half the claim timeout: renewed").isEqualTo(ageing);
        }
    }

    /** One decision with an assessment invitation planned, due at T0. */
    private static void planInvitation(Database db) {
        AssessmentDecision decision = new AssessmentDecision("c-1");
        decision.setAssessmentId("backend-jvm-advanced");
        decision.addChannel(Channel.ASSESSMENT);
        long decisionId = new DecisionRepository(db.dataSource(), Clock.fixed(T0, ZoneOffset.UTC))
                .record("int-1", "event-1", decision, "{}");
        repository(db, "instance-a", T0).plan(decisionId, "int-1", decision);
    }

    private static Instant claimedAt(Database db, long id) throws Exception {
        try (var c = db.dataSource().getConnection();
             var s = c.prepareStatement("SELECT claimed_at FROM dispatch WHERE id = ?")) {
            s.setLong(1, id);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getTimestamp(1).toInstant();
            }
        }
    }

    private static DispatchRepository repository(Database db, String instance, Instant now) {
        return new DispatchRepository(db.dataSource(), Clock.fixed(now, ZoneOffset.UTC), instance, CLAIM_TIMEOUT, false);
    }
}

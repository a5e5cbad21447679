package dev.candidaterouter.dispatch;

import static dev.candidaterouter.TestEvents.bytes;
import static dev.candidaterouter.TestEvents.signedHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.candidaterouter.RunningApp;
import dev.candidaterouter.TestEvents;
import dev.candidaterouter.assessment.Channel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * send-dispatch (dispatch.yaml) sends a claimed send only while this process still holds its claim: a batch's later
 * send whose claim expired and was taken by another process is left to that process (nothing sent, nothing recorded),
 * so no send goes out twice. Drives the route itself with a job as the channel's poller hands it on, the send's row
 * claimed in the database by this process or by another.
 */
class SendDispatchClaimTest {
    @TempDir
    Path home;

    @Test
    void aSendWhoseClaimAnotherProcessTookIsNotSentAndOneStillOursIs() throws Exception {
        try (RunningApp app = RunningApp.start(home, RunningApp.defaults(home))) {
            byte[] body = bytes(TestEvents.candidate("record.new", TestEvents.newId(), "c-claim", "Rust", "Expert",
                    "2025-01-01T00:00:00Z"));
            app.post("/webhooks/knit", body, signedHeaders(body));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE channel = 'ASSESSMENT' AND status = 'sent'") == 1);
            // The invitation as the poller claimed it, read back from its row and its decision; claimed at an unknown
            // moment (null), so send-dispatch must ask the database whose the send is.
            DispatchJob job = app.jdbc().queryOne("""
                    SELECT s.id, s.dispatch_key, s.integration_id, s.candidate_id, s.assessment_id, s.decision_id,
                           d.level, d.profile_json
                    FROM dispatch s JOIN decision d ON d.id = s.decision_id WHERE s.channel = 'ASSESSMENT'""",
                    rs -> new DispatchJob(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), Channel.ASSESSMENT, 1, rs.getLong(6), rs.getString(7), "", rs.getString(8),
                            null, DispatchJob.INVITATION)).orElseThrow();
            long id = job.id();
            Path file = home.resolve("outbox/assessment/" + job.key() + ".json");
            Files.delete(file);

            // Another process took the send over (this one's claim expired) and is sending it now.
            claim(app, id, "another-process");
            send(app, job);
            assertThat(file).as("a send another process holds").doesNotExist();
            assertThat(app.jdbc().queryOne("SELECT status || ':' || claimed_by FROM dispatch WHERE id = ?",
                    rs -> rs.getString(1), id)).hasValue("sending:another-process");

            // The same send while this process holds it: sent and recorded.
            String instanceId = app.context().getRegistry().lookupByNameAndType("instanceId", String.class);
            claim(app, id, instanceId);
            send(app, job);
            assertThat(file).as("a send this process holds").exists();
            assertThat(app.jdbc().queryOne("SELECT status FROM dispatch WHERE id = ?", rs -> rs.getString(1), id))
                    .hasValue("sent");
        }
    }

    /** The send's row as a claim by {@code owner} left it, just now (not expired: no poller takes it over). */
    private static void claim(RunningApp app, long id, String owner) {
        app.jdbc().update("UPDATE dispatch SET status = 'sending', claimed_by = ?, claimed_at = ? WHERE id = ?",
                owner, Instant.now(), id);
    }

    /** As the channel's poller hands a claimed send on (send-due-on-channel). */
    private static void send(RunningApp app, DispatchJob job) {
        app.context().createProducerTemplate().send("direct:send-dispatch", exchange -> {
            exchange.getMessage().setBody(job);
            exchange.setVariable("channel", "ASSESSMENT");
        });
    }
}

package dev.candidaterouter.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candidaterouter.store.Jdbc;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;

/**
 * Outbox mode's assessment platform, so the embedded default shows the whole loop: of the invitations "sent" to the
 * outbox, a share ({@code share}, SIMULATED_RESULTS_SHARE) is completed between one and two {@code delay}s
 * (SIMULATED_RESULTS_DELAY) after it went out, with a plausible score out of 100; the rest stays open (and is
 * reminded and expires as usual). Everything is drawn from the invitation's dispatch key, so a restart neither
 * repeats nor changes a result. The results go through {@link ResultIntake} as source {@code simulated}.
 */
public class SimulatedPlatform {
    public static final String SOURCE = "simulated";

    private final Jdbc jdbc;
    private final Clock clock;
    private final double share;
    private final Duration delay;
    private final String reportUrlBase;
    private final ResultIntake intake;
    private final ObjectMapper mapper;

    public SimulatedPlatform(DataSource dataSource, Clock clock, double share, Duration delay, String reportUrlBase,
            ResultIntake intake, ObjectMapper mapper) {
        this.mapper = mapper;
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
        this.share = share;
        this.delay = delay;
        this.reportUrlBase = reportUrlBase;
        this.intake = intake;
    }

    /**
     * Looks at up to {@code limit} outbox invitations due: completes those whose time has come, and tells each other
     * one when to look again (its completion time, or never).
     *
     * @return how many results were stored
     */
    public int completeDue(int limit) {
        Instant now = clock.instant();
        List<OpenInvitation> due = ResultPolls.claim(jdbc, now, limit, "provider_id LIKE 'outbox-%'", now, now, now.plusSeconds(1));
        int stored = 0;
        for (OpenInvitation invitation : due) {
            Plan plan = plan(invitation.dispatchKey());
            Instant completedAt = invitation.sentAt().plus(plan.after());
            if (!plan.completes()) {
                jdbc.update("UPDATE dispatch SET next_result_poll_at = ? WHERE id = ?", ResultPolls.NEVER, invitation.dispatchId());
            } else if (completedAt.isAfter(now)) {
                jdbc.update("UPDATE dispatch SET next_result_poll_at = ? WHERE id = ?", completedAt, invitation.dispatchId());
            } else if (intake.accept(report(invitation, plan, completedAt), SOURCE) == ResultIntake.Outcome.STORED) {
                stored++;
            }
        }
        return stored;
    }

    private ResultReport report(OpenInvitation invitation, Plan plan, Instant completedAt) {
        BigDecimal score = BigDecimal.valueOf(plan.score());
        String reportUrl = reportUrlBase + "/" + invitation.dispatchKey() + "/report";
        // What the platform would have called back with (the generic contract).
        ObjectNode body = mapper.createObjectNode();
        body.put("invitationId", invitation.invitationId());
        body.put("status", ResultReport.COMPLETED);
        body.put("score", plan.score());
        body.put("maxScore", 100);
        body.put("reportUrl", reportUrl);
        body.put("completedAt", completedAt.toString());
        return new ResultReport(invitation.invitationId(), ResultReport.COMPLETED, score, BigDecimal.valueOf(100), null,
                reportUrl, completedAt, body.toString());
    }

    /** What the platform does with this invitation: the same every time for the same key. */
    Plan plan(String dispatchKey) {
        Random random = new Random(seed(dispatchKey));
        boolean completes = random.nextDouble() < share;
        Duration after = delay.plusMillis((long) (delay.toMillis() * random.nextDouble()));
        // Most candidates score in the middle, a few very low or very high: the sum of two draws, 20..100.
        int score = 20 + (int) Math.round(40 * random.nextDouble() + 40 * random.nextDouble());
        return new Plan(completes, after, score);
    }

    private static long seed(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            long seed = 0;
            for (int i = 0; i < 8; i++) {
                seed = (seed << 8) | (hash[i] & 0xff);
            }
            return seed;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    record Plan(boolean completes, Duration after, int score) {
    }
}

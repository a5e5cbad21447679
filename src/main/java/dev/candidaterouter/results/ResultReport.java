package dev.candidaterouter.results;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * One report of an invitation's result, whoever brought it (the platform's callback, our poll, the simulated
 * platform), in the generic contract's terms. {@code body} is what gets stored: the callback's bytes as received, or
 * the platform's answer in the generic shape.
 *
 * @param status      {@value #COMPLETED} or {@value #EXPIRED}
 * @param percentage  the platform's own percentage, when it gives one (HackerRank's percentage_score)
 */
public record ResultReport(String invitationId, String status, BigDecimal score, BigDecimal maxScore, BigDecimal percentage,
        String reportUrl, Instant completedAt, String body) {
    public static final String COMPLETED = "completed";
    public static final String EXPIRED = "expired";

    /** Unique per invitation and status: a second report of the same is a duplicate, whoever brings it. */
    String dedupKey() {
        return "report:" + status + ":" + invitationId;
    }

    /** score / maxScore * 100 when both are known, else the platform's percentage (or none). */
    BigDecimal percentageOrComputed() {
        if (score != null && maxScore != null && maxScore.signum() > 0) {
            return score.multiply(BigDecimal.valueOf(100)).divide(maxScore, 3, RoundingMode.HALF_UP);
        }
        return percentage == null ? null : percentage.setScale(3, RoundingMode.HALF_UP);
    }
}

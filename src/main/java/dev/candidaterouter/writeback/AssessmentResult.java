package dev.candidaterouter.writeback;

import java.util.List;

/**
 * One outcome of an invitation as the result rules see it (rules/results/): the assessment and the track and level
 * the routing rules chose for it, the platform's score, whether the candidate completed it or let it expire, where
 * the candidate's applications stand, and whether the invitation carried out an order from the ATS. A plain bean so
 * that DRL reads it as {@code percentage}, {@code completed}, {@code fromOrder}.
 */
public final class AssessmentResult {
    public static final String COMPLETED = "completed";
    public static final String EXPIRED = "expired";

    private final long resultId;
    private final String candidateId;
    private final String assessmentId;
    private final String track;
    private final String level;
    private final Double score;
    private final Double maxScore;
    private final Double percentage;
    private final String status;
    private final String reportUrl;
    private final String orderId;
    private final List<ResultApplication> applications;
    private final boolean atsTakesNotes;
    /** Written by the rules (their Verdict): the one thing they set on the fact, stored with the decision. */
    private String verdict;

    /**
     * @param percentage the platform's percentage, or else score / maxScore; null when neither says it
     * @param status {@value #COMPLETED} or {@value #EXPIRED}
     * @param orderId the ATS order the invitation carried out, null when the rules chose the assessment themselves
     * @param atsTakesNotes whether a note adapter is enabled for the candidate's integration (ATS_NOTES)
     */
    public AssessmentResult(long resultId, String candidateId, String assessmentId, String track, String level,
            Double score, Double maxScore, Double percentage, String status, String reportUrl, String orderId,
            List<ResultApplication> applications, boolean atsTakesNotes) {
        this.resultId = resultId;
        this.candidateId = candidateId;
        this.assessmentId = assessmentId;
        this.track = track;
        this.level = level;
        this.score = score;
        this.maxScore = maxScore;
        this.percentage = percentage != null ? percentage
                : score != null && maxScore != null && maxScore > 0 ? Math.round(score * 10000.0 / maxScore) / 100.0 : null;
        this.status = status;
        this.reportUrl = reportUrl;
        this.orderId = orderId;
        this.applications = applications == null ? List.of() : List.copyOf(applications);
        this.atsTakesNotes = atsTakesNotes;
    }

    public long getResultId() {
        return resultId;
    }

    public String getCandidateId() {
        return candidateId;
    }

    public String getAssessmentId() {
        return assessmentId;
    }

    public String getTrack() {
        return track;
    }

    public String getLevel() {
        return level;
    }

    public Double getScore() {
        return score;
    }

    public Double getMaxScore() {
        return maxScore;
    }

    /** 0 to 100; null when the platform gave neither a percentage nor a score out of a maximum. */
    public Double getPercentage() {
        return percentage;
    }

    public String getStatus() {
        return status;
    }

    public String getReportUrl() {
        return reportUrl;
    }

    public String getOrderId() {
        return orderId;
    }

    public List<ResultApplication> getApplications() {
        return applications;
    }

    /** Whether the candidate's ATS takes notes through Knit's passthrough (an adapter enabled by ATS_NOTES). */
    public boolean isAtsTakesNotes() {
        return atsTakesNotes;
    }

    /** What the rules made of the score: passed, failed, not scored; null when they gave no verdict. */
    public String getVerdict() {
        return verdict;
    }

    public void setVerdict(String verdict) {
        this.verdict = verdict;
    }

    /** The candidate finished the assessment (whatever the score). */
    public boolean isCompleted() {
        return COMPLETED.equals(status);
    }

    /** The invitation ran out without a result. */
    public boolean isExpired() {
        return EXPIRED.equals(status);
    }

    /** The invitation carried out an order from the ATS (Knit's Assessments API), which hears back itself. */
    public boolean isFromOrder() {
        return orderId != null;
    }

    @Override
    public String toString() {
        return "AssessmentResult[" + resultId + " " + assessmentId + " " + status + " " + percentage + "%]";
    }
}

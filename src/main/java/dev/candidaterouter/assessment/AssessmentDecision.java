package dev.candidaterouter.assessment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What the rules decided for one candidate: the assessment ({@code <track>-<level>}) and the channels to reach
 * them by. Rules create it and fill it in step by step, so it is a mutable bean; after the rules ran, the
 * {@code drools:} producer's fired-rule names are copied into {@link #getReasons()}.
 */
public class AssessmentDecision {
    private String candidateId;
    private String track;
    private String level;
    private String assessmentId;
    private final Set<Channel> channels = EnumSet.noneOf(Channel.class);
    private boolean unreachable;
    private boolean invited = true;
    private String notInvitedReason;
    private final List<String> reasons = new ArrayList<>();
    private String rulesetVersion;
    private Duration reminderAfter;
    private Duration expiresAfter;
    private String orderId;

    public AssessmentDecision() {
    }

    public AssessmentDecision(String candidateId) {
        this.candidateId = candidateId;
    }

    public String getCandidateId() { return candidateId; }
    public void setCandidateId(String candidateId) { this.candidateId = candidateId; }

    /** e.g. {@code backend-jvm}, {@code general-aptitude}. */
    public String getTrack() { return track; }
    public void setTrack(String track) { this.track = track; }

    /** {@code foundation}, {@code graduate}, {@code intermediate} or {@code advanced}. */
    public String getLevel() { return level; }
    public void setLevel(String level) { this.level = level; }

    /** {@code <track>-<level>}, e.g. {@code backend-jvm-advanced}. */
    public String getAssessmentId() { return assessmentId; }
    public void setAssessmentId(String assessmentId) { this.assessmentId = assessmentId; }

    public Set<Channel> getChannels() { return channels; }

    /** Adds a channel; returns this decision so DRL consequences stay one-liners. */
    public AssessmentDecision addChannel(Channel channel) {
        channels.add(channel);
        return this;
    }

    /** True when the candidate has neither email nor phone: the decision is recorded, nothing is sent. */
    public boolean isUnreachable() { return unreachable; }
    public void setUnreachable(boolean unreachable) { this.unreachable = unreachable; }

    /**
     * False when the policy decided not to invite the candidate now (e.g. no active application in an assessment
     * stage): the decision is recorded with {@link #getNotInvitedReason()}, nothing is sent, and sends not made yet
     * are cancelled. True unless a rule says otherwise.
     */
    public boolean isInvited() { return invited; }
    public void setInvited(boolean invited) { this.invited = invited; }

    /** Why the candidate is not invited, in the policy's words; null when invited. */
    public String getNotInvitedReason() { return notInvitedReason; }
    public void setNotInvitedReason(String notInvitedReason) { this.notInvitedReason = notInvitedReason; }

    /** Names of the rules that fired, in firing order. */
    public List<String> getReasons() { return reasons; }
    public void setReasons(List<String> names) { reasons.clear(); reasons.addAll(names); }

    /** Hash of the rule files that made this decision. */
    public String getRulesetVersion() { return rulesetVersion; }
    public void setRulesetVersion(String rulesetVersion) { this.rulesetVersion = rulesetVersion; }

    /**
     * How long after the invitation went out a reminder follows if no result arrived; {@code null} (the rules set
     * nothing) means REMINDER_AFTER. A rule sets it with e.g. {@code setReminderAfter(Duration.ofDays(2))}.
     */
    public Duration getReminderAfter() { return reminderAfter; }
    public void setReminderAfter(Duration reminderAfter) { this.reminderAfter = reminderAfter; }

    /** How long after it went out the invitation expires; {@code null} means INVITATION_EXPIRES_AFTER. */
    public Duration getExpiresAfter() { return expiresAfter; }
    public void setExpiresAfter(Duration expiresAfter) { this.expiresAfter = expiresAfter; }

    /**
     * The ATS's order this decision carries out (an {@code AssessmentOrder}'s id), or null: its status (invited,
     * expired) is reported back to Knit.
     */
    public String getOrderId() { return orderId; }
    public void setOrderId(String orderId) { this.orderId = orderId; }

    @Override
    public String toString() {
        return candidateId + " -> " + (assessmentId == null ? "?" : assessmentId) + " "
                + (!invited ? "[not invited: " + notInvitedReason + "]" : unreachable ? "[unreachable]" : channels);
    }
}

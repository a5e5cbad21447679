package dev.candidaterouter.assessment;

import dev.candidaterouter.candidate.CandidateApplication;
import dev.candidaterouter.candidate.CandidateProfile;
import dev.candidaterouter.candidate.DataIssue;
import java.util.List;

/**
 * What the rules decided for a candidate record before the event's transaction, with the inputs read from the
 * database that they saw: the candidate's applications (and the data issues they brought) and the facts beside the
 * profile (the candidate's order). On SQLite a transaction holds the file's one writer from its start, and the rules
 * need no writer; so the pipeline decides first and, in the transaction, keeps the decision if those inputs are
 * still what the rules saw, and decides again if another event changed them meanwhile.
 *
 * @param decision what the rules decided
 * @param firedRules the rules that fired, in order
 * @param rulesetVersion the version of the rule set that decided
 * @param profileJson the profile it decided on, as stored with the candidate and the decision (null: not written)
 */
public record DecidedAhead(AssessmentDecision decision, List<String> firedRules, String rulesetVersion,
        List<CandidateApplication> applications, boolean applicationsTracked, List<DataIssue> dataIssues,
        List<Object> facts, String profileJson) {

    public DecidedAhead {
        firedRules = firedRules == null ? List.of() : List.copyOf(firedRules);
        applications = List.copyOf(applications);
        dataIssues = List.copyOf(dataIssues);
        facts = facts == null ? List.of() : List.copyOf(facts);
    }

    /** The rules' output on {@code profile} (with its applications attached, written as {@code profileJson}) and {@code facts}. */
    public static DecidedAhead of(AssessmentDecision decision, List<String> firedRules, String rulesetVersion,
            CandidateProfile profile, List<Object> facts, String profileJson) {
        return new DecidedAhead(decision, firedRules, rulesetVersion, profile.getApplications(),
                profile.isApplicationsTracked(), profile.getDataIssues(), facts, profileJson);
    }

    /**
     * The profile's JSON written ahead, when {@code profile} (read in the transaction) has the applications and issues
     * it was written with; null when they changed or nothing was written. As for {@link #stillHolds}, the rest of the
     * profile comes from the event, the same object both times.
     */
    public String profileJsonFor(CandidateProfile profile) {
        return profileJson != null && sameAttachments(profile) ? profileJson : null;
    }

    /**
     * True when a decision was made ahead and the profile and facts read in the transaction are what it was made
     * on. The rest of the profile comes from the event itself, the same object both times.
     */
    public static boolean stillHolds(DecidedAhead ahead, CandidateProfile profile, List<Object> facts) {
        return ahead != null && ahead.sameAttachments(profile) && ahead.facts.equals(facts == null ? List.of() : facts);
    }

    private boolean sameAttachments(CandidateProfile profile) {
        return applications.equals(profile.getApplications()) && applicationsTracked == profile.isApplicationsTracked()
                && dataIssues.equals(profile.getDataIssues());
    }
}

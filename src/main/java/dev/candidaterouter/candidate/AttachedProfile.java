package dev.candidaterouter.candidate;

import java.util.List;

/**
 * A candidate's profile with what we hold about them beside their record ({@link CandidateApplications#attach}), and
 * the facts the rules see beside it: the candidate's latest order from the ATS, if any (the drools endpoint's
 * factsHeader). Both come from the same reads, once per decision.
 *
 * @param profile the profile, its applications and their data issues attached
 * @param facts the candidate's latest order as the one fact, or none
 */
public record AttachedProfile(CandidateProfile profile, List<Object> facts) {
    public AttachedProfile {
        facts = List.copyOf(facts);
    }
}

package dev.candidaterouter.assessment;

/** A way we reach a candidate. The invitation through the assessment API always comes first. */
public enum Channel {
    /** Create the invitation on the assessment platform (yields the test link). */
    ASSESSMENT,
    /** Email the test link to the preferred email. */
    EMAIL,
    /** Text the test link to the preferred phone. */
    SMS,
    /**
     * Not for the rules: the status of an order from the ATS reported back to Knit
     * ({@code ats.candidate.assessment.update}). Planned by the dispatch stage for a decision that carries out an
     * order, one send per reported status (the dispatch row's kind).
     */
    KNIT
}

package dev.candidaterouter.assessment;

/** A way we reach a candidate. The invitation through the assessment API always comes first. */
public enum Channel {
    /** Create the invitation on the assessment platform (yields the test link). */
    ASSESSMENT,
    /** Email the test link to the preferred email. */
    EMAIL,
    /** Text the test link to the preferred phone. */
    SMS
}

package dev.candidaterouter.dispatch;

/**
 * The invitation the assessment platform created for a dispatch: its id (recorded as the provider id) and the
 * link to the test, which the email and the SMS then carry.
 */
public record PlatformInvitation(String id, String testUrl) {
}

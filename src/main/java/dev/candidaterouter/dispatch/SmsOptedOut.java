package dev.candidaterouter.dispatch;

/**
 * An SMS that must not go out because its number opted out: found in the consent table before sending (the
 * row is cancelled), or reported by Twilio as error 21610 (the number is recorded as opted out and the row
 * fails permanently). Either way the candidate gets the email instead when the decision planned none
 * ({@link DispatchOutcome#optedOut}). Permanent: never retried.
 */
public class SmsOptedOut extends PermanentDispatchFailure {
    private final boolean reportedByTwilio;

    /** Found in the consent table (routes/dispatch-sms.yaml throws it with this constructor). */
    public SmsOptedOut(String message) {
        this(message, false);
    }

    public SmsOptedOut(String message, boolean reportedByTwilio) {
        super(message);
        this.reportedByTwilio = reportedByTwilio;
    }

    /** True for Twilio's error 21610: the send was tried and refused. */
    public boolean isReportedByTwilio() {
        return reportedByTwilio;
    }
}

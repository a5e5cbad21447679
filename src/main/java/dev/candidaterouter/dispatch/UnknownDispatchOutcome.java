package dev.candidaterouter.dispatch;

/**
 * The request reached the provider but no answer came back (timeout or reset after sending), so it may or may not
 * have been delivered. For a provider without idempotency keys (Twilio) resending could send twice: the send is
 * put aside for review unless the operator allowed retrying unknown outcomes ({@code SMS_RETRY_UNKNOWN=true}).
 */
public class UnknownDispatchOutcome extends RuntimeException {
    public UnknownDispatchOutcome(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.candidaterouter.dispatch;

/**
 * The send is no longer wanted, which is not a failure: it ends {@code cancelled} with the reason, and does not show
 * among the dead letters as if something were broken (e.g. a result's stage move once the application has left the
 * stage the result found it at).
 */
public class CancelledSend extends RuntimeException {
    public CancelledSend(String reason) {
        super(reason);
    }
}

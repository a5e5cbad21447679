package dev.candidaterouter.admin;

/** A guarded call refused: 401 (no or wrong token) or 403 (the calls are off); the message is safe to answer. */
public class AccessDenied extends RuntimeException {
    private final int status;

    public AccessDenied(int status, String message) {
        super(message);
        this.status = status;
    }

    public int getStatus() {
        return status;
    }
}

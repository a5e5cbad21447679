package dev.candidaterouter.admin;

/** An admin call refused: 401 (no or wrong token) or 403 (admin API disabled); the message is safe to answer. */
public class AdminAccessDenied extends RuntimeException {
    private final int status;

    public AdminAccessDenied(int status, String message) {
        super(message);
        this.status = status;
    }

    public int getStatus() {
        return status;
    }
}

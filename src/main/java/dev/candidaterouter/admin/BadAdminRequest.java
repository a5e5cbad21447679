package dev.candidaterouter.admin;

/** An admin call with unusable parameters (answered 400 with this message). */
public class BadAdminRequest extends RuntimeException {
    public BadAdminRequest(String message) {
        super(message);
    }
}

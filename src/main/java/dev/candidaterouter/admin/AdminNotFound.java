package dev.candidaterouter.admin;

/** An admin call about something that does not exist, or not in the state the call needs (answered 404 with this message). */
public class AdminNotFound extends RuntimeException {
    public AdminNotFound(String message) {
        super(message);
    }
}

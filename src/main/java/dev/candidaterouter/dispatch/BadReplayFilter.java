package dev.candidaterouter.dispatch;

/**
 * A replay query parameter that cannot be used; the message names it. The admin route answers it 400 with this
 * message; it lives here, not in admin, so dispatch does not import upwards.
 */
public class BadReplayFilter extends RuntimeException {
    public BadReplayFilter(String message) {
        super(message);
    }
}

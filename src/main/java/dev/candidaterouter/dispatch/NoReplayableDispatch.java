package dev.candidaterouter.dispatch;

/**
 * A replay by id that names no dispatch row, or one that is not a failed send matching the other filters. The admin
 * route answers it 404 with this message; it lives here, not in admin, so dispatch does not import upwards.
 */
public class NoReplayableDispatch extends RuntimeException {
    public NoReplayableDispatch(String message) {
        super(message);
    }
}

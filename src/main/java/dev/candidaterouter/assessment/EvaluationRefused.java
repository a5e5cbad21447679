package dev.candidaterouter.assessment;

/**
 * A {@code POST /rules/evaluate} request refused before it is read: 401 (no or wrong token), 403 (evaluation off:
 * no token configured) or 413 (body over the limit). The message is safe to answer.
 */
public class EvaluationRefused extends RuntimeException {
    private final int status;

    public EvaluationRefused(int status, String message) {
        super(message);
        this.status = status;
    }

    public int getStatus() {
        return status;
    }
}

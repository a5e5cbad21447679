package dev.candidaterouter.results;

/**
 * A report that cannot be read as a result: the message says what was wrong and where (the field), and is both the
 * stored reason and the caller's answer. It never repeats more than a clipped value of what was sent.
 */
public class BadResultReport extends RuntimeException {
    public BadResultReport(String message) {
        super(message);
    }
}

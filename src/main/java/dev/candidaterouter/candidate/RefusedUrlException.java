package dev.candidaterouter.candidate;

/** A URL that {@link OutboundUrlPolicy} will not let us fetch; the message says why (without the full URL's query). */
public class RefusedUrlException extends Exception {
    public RefusedUrlException(String reason) {
        super(reason);
    }
}

package dev.candidaterouter.knit;

/** A webhook request whose {@code X-Knit-Signature} is missing or does not match its body: answered 401. */
public class InvalidSignatureException extends RuntimeException {
    public InvalidSignatureException(String message) {
        super(message);
    }
}

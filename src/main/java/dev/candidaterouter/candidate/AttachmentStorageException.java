package dev.candidaterouter.candidate;

/**
 * An attachment decoded fine but could not be written to disk. Not a data problem: the event should be
 * retried once the disk is writable again, so this fails the exchange instead of becoming a {@link DataIssue}.
 */
public class AttachmentStorageException extends RuntimeException {
    public AttachmentStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.candidaterouter.candidate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * One entry of Knit's {@code candidate_attachments} model. {@code fileType} is {@code RESUME},
 * {@code COVER_LETTER}, {@code OFFER_LETTER} or {@code NOT_SPECIFIED}; the file is reachable through
 * {@code downloadLink} (preferred), {@code link}, or inline as base64 in {@code attachmentContent}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Attachment(
        String fileType,
        String fileName,
        Instant createdAt,
        String downloadLink,
        String link,
        String attachmentContent) {

    @Override
    public String toString() {
        // The content can be megabytes of base64; never print it.
        return "Attachment[" + fileType + ", " + fileName + ", content="
                + (attachmentContent == null ? "none" : attachmentContent.length() + " chars") + "]";
    }
}

package dev.candidaterouter.results;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * An invitation asked for its result: its dispatch row, the platform's id of it, the assessment (HackerRank's test
 * comes from it), its dispatch key and when it went out.
 */
public record OpenInvitation(long dispatchId, String invitationId, String assessmentId, String dispatchKey, Instant sentAt) {
    /** The invitation id as one path segment of the platform's URL. */
    public String pathId() {
        return URLEncoder.encode(invitationId, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

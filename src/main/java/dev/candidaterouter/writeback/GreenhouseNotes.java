package dev.candidaterouter.writeback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The note adapter for Greenhouse, through Knit's passthrough: Greenhouse's Harvest API adds a note to a candidate's
 * activity feed with {@code POST /v1/candidates/{id}/activity_feed/notes}, body {@code {user_id, body, visibility}}
 * ({@code admin_only}, {@code private} or {@code public}) and the acting user in the {@code On-Behalf-Of} header
 * (Harvest's audit trail requires it). Greenhouse because it is the ATS whose assessment partners Knit documents first,
 * whose recruiters read the activity feed, and whose note call is one plain JSON POST. Knit's passthrough takes the
 * path after the app's base URL, the method, headers and the vendor's body as a JSON string
 * (knit-closed-loop.md §2: {@code path} confirmed, the other fields third-party). Knit's candidate id is taken to be
 * Greenhouse's own (Knit's examples show Greenhouse's numeric ids): unconfirmed, see README "Assumptions about Knit".
 */
public class GreenhouseNotes {
    private final ObjectMapper mapper;
    private final String userId;
    private final String visibility;

    /**
     * @param userId the Greenhouse user the notes are written as (GREENHOUSE_NOTE_USER_ID)
     * @param visibility admin_only, private or public (GREENHOUSE_NOTE_VISIBILITY)
     */
    public GreenhouseNotes(ObjectMapper mapper, String userId, String visibility) {
        this.mapper = mapper;
        this.userId = userId == null ? "" : userId.strip();
        this.visibility = visibility == null || visibility.isBlank() ? "admin_only" : visibility.strip();
        if (!java.util.List.of("admin_only", "private", "public").contains(this.visibility)) {
            throw new IllegalArgumentException("GREENHOUSE_NOTE_VISIBILITY must be admin_only, private or public, not '"
                    + this.visibility + "'");
        }
    }

    /** Whether the user the notes are written as is set (required once an integration uses this adapter). */
    public boolean configured() {
        return !userId.isEmpty();
    }

    Map<String, Object> passthrough(String candidateId, String text) {
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("user_id", userId);
        note.put("body", text);
        note.put("visibility", visibility);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("method", "POST");
        request.put("path", "/v1/candidates/"
                + java.net.URLEncoder.encode(candidateId, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20")
                + "/activity_feed/notes");
        request.put("headers", Map.of("On-Behalf-Of", userId));
        request.put("contentType", "application/json");
        try {
            request.put("body", mapper.writeValueAsString(note));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return request;
    }
}

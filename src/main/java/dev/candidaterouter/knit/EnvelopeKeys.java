package dev.candidaterouter.knit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The envelope fields needed to store a webhook request ({@code eventId}, {@code eventType}, {@code recordId}),
 * read with a streaming parser that skips {@code eventData}: receipt must stay fast even for 25 MB bodies with
 * base64 attachments. A body that cannot be read gets a problem text and an id derived from its hash, so that
 * Knit's retries of the same bytes are still recognised as duplicates.
 */
public record EnvelopeKeys(String eventId, String eventType, String recordId, String bodySha256, String problem) {
    private static final JsonFactory JSON = new JsonFactory();

    public boolean isValid() {
        return problem == null;
    }

    public static EnvelopeKeys peek(byte[] body) {
        String sha = sha256(body);
        String eventId = null;
        String eventType = null;
        String recordId = null;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return invalid(sha, "body is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                String text = value == JsonToken.VALUE_NULL ? null : p.getText();
                switch (field) {
                    case "eventId" -> eventId = text;
                    case "eventType" -> eventType = text;
                    case "recordId" -> recordId = text;
                    default -> { }
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return invalid(sha, "body has content after the JSON object");
            }
        } catch (IOException e) {
            return invalid(sha, "malformed JSON: " + message(e) + " at " + location(e));
        }
        if (eventId == null || eventId.isBlank()) {
            return new EnvelopeKeys("sha256:" + sha, eventType, recordId, sha, "envelope lacks eventId");
        }
        if (eventType == null || eventType.isBlank()) {
            return new EnvelopeKeys(eventId, null, recordId, sha, "envelope lacks eventType");
        }
        if (hasNul(eventId) || hasNul(eventType) || hasNul(recordId)) {
            // Valid JSON (as the escape backslash-u0000), but PostgreSQL cannot store it in a text column:
            // the insert would fail with 503 on every one of Knit's retries.
            return new EnvelopeKeys("sha256:" + sha, null, null, sha, "envelope keys contain a NUL character");
        }
        if (eventId.length() > 200) {
            return new EnvelopeKeys("sha256:" + sha, eventType, null, sha, "eventId longer than 200 characters");
        }
        return new EnvelopeKeys(eventId, eventType, clip(recordId), sha, null);
    }

    private static boolean hasNul(String s) {
        return s != null && s.indexOf('\u0000') >= 0;
    }

    private static EnvelopeKeys invalid(String sha, String problem) {
        return new EnvelopeKeys("sha256:" + sha, null, null, sha, problem);
    }

    private static String clip(String s) {
        return s == null || s.length() <= 200 ? s : s.substring(0, 200);
    }

    private static String message(IOException e) {
        String m = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        // Jackson quotes the offending input; keep the reason short so stored reasons stay readable.
        return m == null ? "unreadable" : m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }

    private static String location(IOException e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe && jpe.getLocation() != null) {
            return "line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr();
        }
        return "unknown position";
    }

    static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

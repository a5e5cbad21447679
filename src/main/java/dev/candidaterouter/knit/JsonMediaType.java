package dev.candidaterouter.knit;

import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.ParseException;
import java.util.Locale;

/**
 * Whether a Content-Type names JSON: {@code application/json} or a structured-syntax {@code application/...+json}
 * type (RFC 6839), with any parameters ({@code charset=utf-8}). Parsed as a media type, not searched for "json":
 * {@code application/jsonp} or {@code text/json-ish} are not JSON.
 */
final class JsonMediaType {
    private JsonMediaType() {
    }

    static boolean matches(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return false;
        }
        ContentType parsed;
        try {
            parsed = new ContentType(contentType);
        } catch (ParseException e) {
            return false;
        }
        String type = parsed.getPrimaryType().toLowerCase(Locale.ROOT);
        String subtype = parsed.getSubType().toLowerCase(Locale.ROOT);
        return type.equals("application") && (subtype.equals("json") || (subtype.endsWith("+json") && subtype.length() > 5));
    }
}

package dev.candidaterouter.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * The {@code {"error":"..."}} answer of the HTTP routes. The message is JSON-quoted: it may repeat what the
 * client sent (a content type, a query parameter), and pasting it into a template gave invalid JSON.
 */
public final class JsonError {
    private JsonError() {
    }

    public static String of(String message) {
        return "{\"error\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(message == null ? "" : message)) + "\"}";
    }

    /** For routes: the answer for the exception being handled ({@code method: "answer(${exception})"}). */
    public static String answer(Throwable failure) {
        return of(failure == null ? "bad request" : failure.getMessage());
    }
}

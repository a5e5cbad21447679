package dev.candidaterouter.http;

import java.util.Locale;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * Which message headers the embedded HTTP server (every {@code platform-http:} route) writes into an answer: only
 * the ones in {@link #ANSWER_HEADERS}. Camel's default copies every message header out, and a request's headers
 * are message headers, so each answer repeated what the client sent (signatures, bearer tokens, any made-up
 * header; a form-encoded body even became headers and broke the answer). Configured once for the component in
 * application.properties ({@code camel.component.platform-http.header-filter-strategy}), not route by route.
 * Incoming headers are filtered as Camel's default does (client headers named {@code Camel...} are dropped).
 */
public class HttpAnswerHeaders extends HttpHeaderFilterStrategy {
    /**
     * Lower-case names a route may set for its answer. Camel writes the status from {@code CamelHttpResponseCode}
     * and the length itself; add a name here when a route starts answering with another header.
     */
    static final Set<String> ANSWER_HEADERS = Set.of("content-type",
            // the console's security headers (routes/console.yaml)
            "content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy", "cache-control");

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return headerName == null || !ANSWER_HEADERS.contains(headerName.toLowerCase(Locale.ROOT));
    }
}

package dev.candidaterouter.writeback;

import java.util.Map;

/**
 * One call into the ATS through Knit: the path under {@code KNIT_BASE_URL} (e.g.
 * {@code /v1.0/ats.application.attachment.add}) and its JSON body. In outbox mode both are written to
 * {@code outbox/ats/<key>.json}, so a reader sees which call would have been made.
 */
public record AtsWrite(String path, Map<String, Object> body) {
}

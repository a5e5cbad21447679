package dev.candidaterouter.camel.drools;

import java.time.Instant;
import java.util.List;

/**
 * What a {@link RuleBook} serves and whether the last change was rejected, for health checks, metrics and admin
 * pages. {@code lastError} is null when the files on disk are the ones being served; {@code rejections} counts the
 * changes rejected since the book was created (a rejection fixed a minute later still shows there).
 */
public record RuleBookStatus(String rulesDir, String version, Instant loadedAt, int ruleCount, List<String> files,
        String lastError, Instant lastErrorAt, long rejections) {

    public boolean isDegraded() {
        return lastError != null;
    }
}

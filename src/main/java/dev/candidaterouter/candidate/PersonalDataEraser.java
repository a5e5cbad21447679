package dev.candidaterouter.candidate;

import dev.candidaterouter.store.Jdbc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes candidates' personal data while keeping the ids that prove what was decided and sent: raw webhook
 * bodies, stored profiles and decoded attachments. Used for a retention period ({@code RETENTION_DAYS}) and, with
 * {@code ERASE_ON_DELETE=true}, when a candidate is deleted in the ATS.
 */
public class PersonalDataEraser {
    private static final Logger LOG = LoggerFactory.getLogger(PersonalDataEraser.class);
    static final String ERASED_BODY = "{\"erased\":true}";

    private final Jdbc jdbc;
    private final ResumeLocator attachments;
    private final Clock clock;
    private final Duration retention;

    /** @param retention how long personal data is kept; null keeps it until erased */
    public PersonalDataEraser(DataSource dataSource, ResumeLocator attachments, Clock clock, Duration retention) {
        this.jdbc = new Jdbc(dataSource);
        this.attachments = attachments;
        this.clock = clock;
        this.retention = retention;
    }

    /** Applies the retention period (called periodically by the {@code purge-expired-personal-data} route). */
    public int purgeExpired() {
        return retention == null ? 0 : purgeOlderThan(retention);
    }

    /** Erases one candidate's personal data everywhere we keep it. */
    public void erase(String integrationId, String candidateId) {
        int bodies = jdbc.update("""
                UPDATE inbox_event SET body = ? WHERE integration_id = ? AND record_id = ?
                   AND status IN ('processed', 'ignored', 'quarantined', 'failed')""",
                ERASED_BODY, integrationId, candidateId);
        jdbc.update("UPDATE candidate SET profile_json = NULL WHERE integration_id = ? AND candidate_id = ?",
                integrationId, candidateId);
        int decisions = jdbc.update("UPDATE decision SET profile_json = NULL WHERE integration_id = ? AND candidate_id = ?",
                integrationId, candidateId);
        // An assessment result's report link leads to the candidate's answers, and the raw report repeats it.
        int results = jdbc.update("""
                UPDATE result_inbox SET body = NULL WHERE result_id IN (
                       SELECT id FROM assessment_result WHERE integration_id = ? AND candidate_id = ?)""",
                integrationId, candidateId);
        jdbc.update("UPDATE assessment_result SET body = NULL, report_url = NULL WHERE integration_id = ? AND candidate_id = ?",
                integrationId, candidateId);
        deleteTree(attachments.candidateFolder(integrationId, candidateId));
        LOG.info("erased personal data of candidate {} ({} stored event(s), {} decision profile(s), {} result report(s), attachments)",
                candidateId, bodies, decisions, results);
    }

    /** Erases personal data stored longer ago than {@code age}; returns the number of rows changed. */
    public int purgeOlderThan(Duration age) {
        Instant cutoff = clock.instant().minus(age);
        int rows = jdbc.update("""
                UPDATE inbox_event SET body = ? WHERE received_at < ? AND body <> ?
                   AND status IN ('processed', 'ignored', 'quarantined', 'failed')""", ERASED_BODY, cutoff, ERASED_BODY);
        rows += jdbc.update("UPDATE candidate SET profile_json = NULL WHERE updated_at < ? AND profile_json IS NOT NULL", cutoff);
        rows += jdbc.update("UPDATE decision SET profile_json = NULL WHERE decided_at < ? AND profile_json IS NOT NULL", cutoff);
        // Results whose writes into the ATS are decided: their raw reports and report links go, their scores stay.
        rows += jdbc.update("""
                UPDATE result_inbox SET body = NULL WHERE received_at < ? AND body IS NOT NULL AND state <> 'waiting'""", cutoff);
        rows += jdbc.update("""
                UPDATE assessment_result SET body = NULL, report_url = NULL
                 WHERE received_at < ? AND state <> 'received' AND (body IS NOT NULL OR report_url IS NOT NULL)""", cutoff);
        // SMS consent rows hold a phone number. An opt-out is kept however old (forgetting it would text someone
        // who said STOP); a number that is not opted out and was last heard of before the cutoff is forgotten.
        rows += jdbc.update("DELETE FROM sms_consent WHERE opted_out = ? AND COALESCE(last_message_at, changed_at) < ?",
                false, cutoff);
        int files = deleteFilesOlderThan(attachments.directory(), cutoff);
        if (rows + files > 0) {
            LOG.info("retention: erased personal data from {} row(s) and {} attachment file(s) older than {}", rows, files, cutoff);
        }
        return rows;
    }

    private static int deleteFilesOlderThan(Path dir, Instant cutoff) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> old = walk.filter(Files::isRegularFile).filter(p -> modifiedBefore(p, cutoff)).toList();
            for (Path p : old) {
                Files.deleteIfExists(p);
            }
            return old.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot purge attachments under " + dir, e);
        }
    }

    private static boolean modifiedBefore(Path p, Instant cutoff) {
        try {
            return Files.getLastModifiedTime(p).toInstant().isBefore(cutoff);
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete attachments in " + dir, e);
        }
    }
}

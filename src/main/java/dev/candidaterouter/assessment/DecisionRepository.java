package dev.candidaterouter.assessment;

import dev.candidaterouter.store.Jdbc;
import java.time.Clock;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** Stores each decision with the profile the rules saw; one per event, so reprocessing an event reuses it. */
public class DecisionRepository {
    private final Jdbc jdbc;
    private final Clock clock;

    public DecisionRepository(DataSource dataSource, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
    }

    /** @return the decision's id (the existing one when this event decided this candidate before) */
    public long record(String integrationId, String eventId, AssessmentDecision d, String profileJson) {
        return jdbc.insertIfAbsentReturningKey("""
                INSERT INTO decision (integration_id, candidate_id, event_id, assessment_id, track, level, channels,
                                      unreachable, fired_rules, ruleset_version, profile_json, decided_at, invited,
                                      not_invited_reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", "id",
                integrationId, d.getCandidateId(), eventId, d.getAssessmentId(), d.getTrack(), d.getLevel(),
                d.getChannels().stream().map(Enum::name).collect(Collectors.joining(",")), d.isUnreachable(),
                String.join("\n", d.getReasons()), d.getRulesetVersion() == null ? "" : d.getRulesetVersion(),
                profileJson, clock.instant(), d.isInvited(), clip(d.getNotInvitedReason()))
                .orElseGet(() -> jdbc.queryOne("SELECT id FROM decision WHERE integration_id = ? AND event_id = ? AND candidate_id = ?",
                        rs -> rs.getLong(1), integrationId, eventId, d.getCandidateId()).orElseThrow());
    }

    private static String clip(String reason) {
        return reason == null || reason.length() <= 2000 ? reason : reason.substring(0, 2000);
    }

    public long count() {
        return jdbc.count("SELECT COUNT(*) FROM decision");
    }
}

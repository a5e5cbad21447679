package dev.candidaterouter.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The embedded store side by side (issue 17): the write pattern of a sync — each candidate's webhook row stored and
 * made durable, claimed, its profile and decision stored, two to three sends planned, claimed, marked started (durable)
 * and marked sent (durable) — replayed with plain JDBC against one engine, on the app's table shapes (inbox_event,
 * candidate, decision, dispatch, with their text columns and indexes). At every mark it prints the store's size on disk
 * against the same data compacted, and the rate. No Camel, no rules: only what the engine does with these writes.
 *
 * <p>Engines: {@code h2} (the app's default: MVStore file, a {@code CHECKPOINT} at each durable point, as
 * {@code DurableCommits} does), {@code sqlite-wal} (SQLite in WAL mode with {@code synchronous=NORMAL}: a commit is in
 * the WAL file when it returns, which a {@code kill -9} of the process keeps, the same promise as H2's checkpoint) and
 * {@code sqlite-wal-full} ({@code synchronous=FULL}: also fsynced, which survives a power cut too). "Compacted" is
 * {@code SHUTDOWN COMPACT} on a copy for H2 and {@code VACUUM INTO} for SQLite; the size on disk counts SQLite's WAL.
 *
 * <pre>java -cp ... dev.candidaterouter.bench.StoreChurn --engine sqlite-wal --candidates 100000 --dir /tmp/churn</pre>
 */
public final class StoreChurn {
    private static final int MARK_EVERY = 10_000;
    private static final int BATCH = 100;

    private final String engine;
    private final Path dir;
    private final String body;
    private Connection connection;

    private StoreChurn(String engine, Path dir, String body) {
        this.engine = engine;
        this.dir = dir;
        this.body = body;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = IngestLoad.options(args);
        String engine = options.getOrDefault("engine", "h2");
        int candidates = Integer.parseInt(options.getOrDefault("candidates", "100000"));
        Path dir = Path.of(options.getOrDefault("dir", Files.createTempDirectory("store-churn").toString()));
        if (!List.of("h2", "sqlite-wal", "sqlite-wal-full").contains(engine)) {
            throw new IllegalArgumentException("--engine h2, sqlite-wal or sqlite-wal-full, not " + engine);
        }
        Files.createDirectories(dir);
        // A real sandbox candidate: the webhook body, and (as in the app) the profile stored twice more.
        String sample = Files.readString(Path.of("samples/knit/01-zoe-angstrom.json"), StandardCharsets.UTF_8);
        new StoreChurn(engine, dir, sample).run(candidates);
    }

    private void run(int candidates) throws Exception {
        connection = open(dbFile());
        connection.setAutoCommit(false);
        createTables();
        System.out.printf("store churn: engine %s, %d candidates, body %d chars, in %s%n", engine, candidates, body.length(), dir);
        long start = System.nanoTime();
        long since = start;
        for (int done = 0; done < candidates; done += BATCH) {
            int n = Math.min(BATCH, candidates - done);
            churn(done, n);
            if ((done + n) % MARK_EVERY == 0 || done + n == candidates) {
                long now = System.nanoTime();
                double rate = MARK_EVERY / ((now - since) / 1e9);
                since = now;
                long onDisk = sizeOnDisk();
                long compacted = compactedSize(done + n);
                System.out.printf(Locale.ROOT, "RESULT engine=%s candidates=%d on-disk=%.1fMiB compacted=%.1fMiB ratio=%.2f candidates/s=%.0f%n",
                        engine, done + n, onDisk / 1048576.0, compacted / 1048576.0, (double) onDisk / compacted, rate);
            }
        }
        System.out.printf(Locale.ROOT, "RESULT engine=%s total %.1f s for %d candidates%n", engine, (System.nanoTime() - start) / 1e9, candidates);
        connection.close();
    }

    /** One batch of candidates through the four steps, in the order the app takes them. */
    private void churn(int first, int n) throws SQLException {
        long now = System.currentTimeMillis();
        // 1. The webhook: one row per event, durable before the answer (one at a time, as the sandbox delivers).
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO inbox_event (integration_id, event_id, event_type, record_id, body, body_sha256, status, received_at)
                VALUES ('acme', ?, 'record.new', ?, ?, ?, 'received', ?)""")) {
            for (int i = first; i < first + n; i++) {
                insert.setString(1, "ev-" + i);
                insert.setString(2, "cand-" + i);
                insert.setString(3, body.replace("zoe", "zoe" + i));
                insert.setString(4, "%064d".formatted(i));
                insert.setLong(5, now);
                insert.executeUpdate();
                commitDurably();
            }
        }
        // 2. Claimed as a batch, then each event in its own transaction: candidate, decision, planned sends, done.
        update("UPDATE inbox_event SET status = 'processing', attempts = attempts + 1, claimed_by = 'i1', claimed_at = ? "
                + "WHERE status = 'received'", now);
        connection.commit();
        List<Long> dispatchIds = new ArrayList<>();
        for (int i = first; i < first + n; i++) {
            String profile = body.replace("zoe", "profile" + i);
            update("INSERT INTO candidate (integration_id, candidate_id, state, last_event_seq, profile_json, updated_at) "
                    + "VALUES ('acme', ?, 'active', ?, ?, ?)", "cand-" + i, i, profile, now);
            long decision = insertReturningId("INSERT INTO decision (integration_id, candidate_id, event_id, assessment_id, "
                    + "channels, unreachable, fired_rules, ruleset_version, profile_json, decided_at) "
                    + "VALUES ('acme', ?, ?, 'java-senior', 'ASSESSMENT,EMAIL,SMS', FALSE, ?, 'v1', ?, ?)",
                    "cand-" + i, "ev-" + i, "[\"The assessment is the track at the level\",\"Reach by email\"]", profile, now);
            int channels = i % 12 < 5 ? 3 : 2; // ~2.2 sends per candidate, as the sandbox samples give
            for (String channel : List.of("ASSESSMENT", "EMAIL", "SMS").subList(0, channels)) {
                dispatchIds.add(insertReturningId("INSERT INTO dispatch (dispatch_key, integration_id, candidate_id, "
                        + "assessment_id, channel, decision_id, status, next_attempt_at, created_at, updated_at) "
                        + "VALUES (?, 'acme', ?, 'java-senior', ?, ?, 'pending', ?, ?, ?)",
                        "%064d".formatted(i * 4L + channel.length()), "cand-" + i, channel, decision, now, now, now));
            }
            update("UPDATE inbox_event SET status = 'processed', processed_at = ? WHERE integration_id = 'acme' AND event_id = ?",
                    now, "ev-" + i);
            connection.commit();
        }
        // 3. The sends: claimed as a batch, then each marked started (durable) and sent (durable).
        update("UPDATE dispatch SET status = 'sending', claimed_by = 'i1', claimed_at = ?, attempts = attempts + 1 "
                + "WHERE status = 'pending'", now);
        connection.commit();
        for (long id : dispatchIds) {
            update("UPDATE dispatch SET claimed_at = ?, updated_at = ? WHERE id = ?", now, now, id);
            commitDurably();
            update("UPDATE dispatch SET status = 'sent', provider_id = ?, test_url = ?, sent_at = ?, updated_at = ?, "
                    + "claimed_by = NULL, claimed_at = NULL WHERE id = ?", "inv-" + id,
                    "https://assessments.example/t/" + id, now, now, id);
            commitDurably();
        }
    }

    private void commitDurably() throws SQLException {
        connection.commit();
        if (engine.equals("h2")) {
            try (Statement s = connection.createStatement()) {
                s.execute("CHECKPOINT");
            }
        }
    }

    private void update(String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bind(ps, params);
            ps.executeUpdate();
        }
    }

    private long insertReturningId(String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            bind(ps, params);
            ps.executeUpdate();
            try (var keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
    }

    private Path dbFile() {
        return dir.resolve(engine.equals("h2") ? "store" : "store.sqlite");
    }

    private Connection open(Path file) throws SQLException {
        if (engine.equals("h2")) {
            return DriverManager.getConnection("jdbc:h2:file:" + file.toAbsolutePath(), "sa", "");
        }
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=" + (engine.equals("sqlite-wal-full") ? "FULL" : "NORMAL"));
        }
        return c;
    }

    private long sizeOnDisk() throws IOException {
        if (engine.equals("h2")) {
            return Files.size(Path.of(dbFile() + ".mv.db"));
        }
        Path wal = Path.of(dbFile() + "-wal");
        return Files.size(dbFile()) + (Files.exists(wal) ? Files.size(wal) : 0);
    }

    /** The same data compacted: H2's SHUTDOWN COMPACT on a copy of the file, SQLite's VACUUM INTO a new file. */
    private long compactedSize(int mark) throws Exception {
        Path copy = dir.resolve("compacted-" + mark);
        if (engine.equals("h2")) {
            try (Statement s = connection.createStatement()) {
                s.execute("CHECKPOINT");
            }
            Files.copy(Path.of(dbFile() + ".mv.db"), Path.of(copy + ".mv.db"));
            try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + copy.toAbsolutePath(), "sa", "");
                 Statement s = c.createStatement()) {
                s.execute("SHUTDOWN COMPACT");
            }
            Path file = Path.of(copy + ".mv.db");
            long size = Files.size(file);
            Files.delete(file);
            return size;
        }
        try (Statement s = connection.createStatement()) {
            connection.commit();
            connection.setAutoCommit(true);
            s.execute("VACUUM INTO '" + copy.toAbsolutePath() + "'");
            connection.setAutoCommit(false);
        }
        long size = Files.size(copy);
        Files.delete(copy);
        return size;
    }

    private void createTables() throws SQLException {
        boolean h2 = engine.equals("h2");
        String id = h2 ? "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT";
        // Times are epoch millis (BIGINT) on both: SQLite has no timestamp type.
        try (Statement s = connection.createStatement()) {
            for (String sql : List.of(
                    "CREATE TABLE inbox_event (seq " + id + ", integration_id VARCHAR(200) NOT NULL, event_id VARCHAR(200) NOT NULL, "
                            + "event_type VARCHAR(100), record_id VARCHAR(200), body TEXT NOT NULL, body_sha256 VARCHAR(64) NOT NULL, "
                            + "status VARCHAR(20) NOT NULL, reason VARCHAR(2000), attempts INT DEFAULT 0 NOT NULL, "
                            + "claimed_by VARCHAR(100), claimed_at BIGINT, received_at BIGINT NOT NULL, processed_at BIGINT, "
                            + "CONSTRAINT uq_inbox_event UNIQUE (integration_id, event_id))",
                    "CREATE INDEX ix_inbox_status ON inbox_event (status, seq)",
                    "CREATE TABLE candidate (integration_id VARCHAR(200) NOT NULL, candidate_id VARCHAR(200) NOT NULL, "
                            + "state VARCHAR(20) NOT NULL, source_updated_at BIGINT, last_event_seq BIGINT NOT NULL, "
                            + "profile_json TEXT, updated_at BIGINT NOT NULL, PRIMARY KEY (integration_id, candidate_id))",
                    "CREATE TABLE decision (id " + id + ", integration_id VARCHAR(200) NOT NULL, candidate_id VARCHAR(200) NOT NULL, "
                            + "event_id VARCHAR(200) NOT NULL, assessment_id VARCHAR(200), channels VARCHAR(200) NOT NULL, "
                            + "unreachable BOOLEAN NOT NULL, fired_rules TEXT NOT NULL, ruleset_version VARCHAR(64) NOT NULL, "
                            + "profile_json TEXT, decided_at BIGINT NOT NULL, CONSTRAINT uq_decision_event UNIQUE (integration_id, event_id))",
                    "CREATE INDEX ix_decision_candidate ON decision (integration_id, candidate_id)",
                    "CREATE TABLE dispatch (id " + id + ", dispatch_key VARCHAR(64) NOT NULL, integration_id VARCHAR(200) NOT NULL, "
                            + "candidate_id VARCHAR(200) NOT NULL, assessment_id VARCHAR(200) NOT NULL, channel VARCHAR(20) NOT NULL, "
                            + "decision_id BIGINT NOT NULL, status VARCHAR(20) NOT NULL, attempts INT DEFAULT 0 NOT NULL, "
                            + "last_error VARCHAR(2000), provider_id VARCHAR(500), test_url VARCHAR(2000), next_attempt_at BIGINT NOT NULL, "
                            + "claimed_by VARCHAR(100), claimed_at BIGINT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, "
                            + "sent_at BIGINT, CONSTRAINT uq_dispatch_key UNIQUE (dispatch_key), "
                            + "CONSTRAINT uq_dispatch_target UNIQUE (integration_id, candidate_id, assessment_id, channel))",
                    "CREATE INDEX ix_dispatch_due ON dispatch (status, next_attempt_at, id)",
                    "CREATE INDEX ix_dispatch_due_channel ON dispatch (status, channel, next_attempt_at, id)")) {
                s.execute(sql);
            }
        }
        connection.commit();
    }
}

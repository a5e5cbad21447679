package dev.candidaterouter.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candidaterouter.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite's statements kept on the pool's connection: run again without being prepared again, with the same results,
 * and never in a state that hurts the next caller (a failed statement, a replaced connection, a nested call with the
 * same SQL, a checkpoint waiting for readers). One pooled connection, so every call meets the same cache.
 */
class SqliteStatementCacheTest {
    @TempDir
    Path dir;

    private Database database;
    private Jdbc jdbc;
    private SqliteStatementCache cache;

    @BeforeEach
    void open() {
        database = Database.open(TestDatabases.fileUrl("sqlite", dir.resolve("db")), "sa", "", 1);
        jdbc = new Jdbc(database.dataSource());
        cache = SqliteStatementCache.of(database.dataSource());
        jdbc.update("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT NOT NULL UNIQUE)");
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aStatementRunAgainIsTakenFromTheCacheWithItsOwnArguments() {
        long preparedBefore = cache.prepared();
        for (int i = 0; i < 20; i++) {
            assertThat(jdbc.insertIfAbsentReturningKey("INSERT INTO note (body) VALUES (?)", "id", "note " + i))
                    .hasValue(i + 1L);
            assertThat(jdbc.update("UPDATE note SET body = ? WHERE id = ?", "edited " + i, i + 1)).isEqualTo(1);
            assertThat(jdbc.queryOne("SELECT body FROM note WHERE id = ?", rs -> rs.getString(1), i + 1))
                    .hasValue("edited " + i);
        }
        assertThat(cache.prepared() - preparedBefore).as("one preparation per SQL").isEqualTo(3);
        assertThat(jdbc.query("SELECT body FROM note WHERE id <= ? ORDER BY id", rs -> rs.getString(1), 2))
                .containsExactly("edited 0", "edited 1");
    }

    @Test
    void aStatementThatFailedIsDroppedAndTheNextRunGetsAFreshOne() {
        String insert = "INSERT INTO note (body) VALUES (?)";
        assertThat(jdbc.update(insert, "same")).isEqualTo(1);
        long preparedBefore = cache.prepared();

        assertThatThrownBy(() -> jdbc.update(insert, (Object) null)).isInstanceOf(StoreException.class);
        assertThat(jdbc.update(insert, "other")).isEqualTo(1);
        assertThat(cache.prepared() - preparedBefore).as("the failed statement was not given back").isEqualTo(1);
        assertThat(jdbc.count("SELECT count(*) FROM note")).isEqualTo(2);
    }

    @Test
    void aStatementOfARolledBackTransactionStillServesTheNextCall() {
        String insert = "INSERT INTO note (body) VALUES (?)";
        long preparedBefore = cache.prepared();
        assertThatThrownBy(() -> jdbc.inTransaction(() -> {
            jdbc.update(insert, "rolled back");
            throw new IllegalStateException("undo");
        })).hasMessage("undo");
        jdbc.update(insert, "kept");

        assertThat(cache.prepared() - preparedBefore).as("the rolled-back transaction's statement served it").isEqualTo(1);
        assertThat(jdbc.query("SELECT body FROM note", rs -> rs.getString(1))).containsExactly("kept");
    }

    @Test
    void eachConnectionKeepsItsMostRecentStatementsOnly() {
        String first = "SELECT count(*) FROM note WHERE id > 0";
        jdbc.count(first);
        for (int i = 1; i <= SqliteStatementCache.PER_CONNECTION; i++) {
            jdbc.count("SELECT count(*) FROM note WHERE id > " + i);
        }
        long preparedBefore = cache.prepared();

        jdbc.count("SELECT count(*) FROM note WHERE id > " + SqliteStatementCache.PER_CONNECTION);
        assertThat(cache.prepared()).as("a recent one is kept").isEqualTo(preparedBefore);
        jdbc.count(first);
        assertThat(cache.prepared()).as("the least recently used one was dropped").isEqualTo(preparedBefore + 1);
    }

    @Test
    void aConnectionThePoolReplacedHasItsStatementsPreparedAgain() {
        jdbc.update("INSERT INTO note (body) VALUES (?)", "before");
        String read = "SELECT body FROM note ORDER BY id";
        assertThat(jdbc.query(read, rs -> rs.getString(1))).containsExactly("before");
        long preparedBefore = cache.prepared();

        ((SqliteConnections) database.dataSource()).evictConnections();
        jdbc.update("INSERT INTO note (body) VALUES (?)", "after");

        assertThat(jdbc.query(read, rs -> rs.getString(1))).containsExactly("before", "after");
        assertThat(cache.prepared() - preparedBefore).as("both statements prepared on the new connection").isEqualTo(2);
    }

    @Test
    void aNestedCallWithTheSameSqlGetsItsOwnStatement() {
        jdbc.update("INSERT INTO note (body) VALUES ('a'), ('b')");
        String read = "SELECT body FROM note WHERE body >= ? ORDER BY body";
        // kept on the connection transactions run on (SQLite: the writer's, SqliteConnections)
        assertThat(jdbc.inTransaction(() -> jdbc.query(read, rs -> rs.getString(1), "b"))).as("now kept").containsExactly("b");

        long preparedBefore = cache.prepared();

        // One connection (a transaction): the outer result set is still open while the mapper runs the same SQL.
        List<String> pairs = jdbc.inTransaction(() -> jdbc.query(read,
                rs -> rs.getString(1) + ":" + String.join("", jdbc.query(read, inner -> inner.getString(1), rs.getString(1))),
                "a"));

        assertThat(pairs).containsExactly("a:ab", "b:b");
        assertThat(cache.prepared() - preparedBefore).as("the outer call's statement kept, one prepared for the inner")
                .isEqualTo(1);
        assertThat(jdbc.query(read, rs -> rs.getString(1), "a")).containsExactly("a", "b");
    }

    @Test
    void aKeptStatementHoldsNoReadSnapshotThatWouldStopACheckpoint() throws Exception {
        jdbc.update("INSERT INTO note (body) VALUES ('a'), ('b'), ('c')");
        // Reads one row of three, twice: the statement stays with the pool's connection, reset when its result set
        // closed.
        String firstRow = "SELECT body FROM note ORDER BY id";
        long preparedBefore = cache.prepared();
        assertThat(jdbc.queryOne(firstRow, rs -> rs.getString(1))).hasValue("a");
        assertThat(jdbc.queryOne(firstRow, rs -> rs.getString(1))).hasValue("a");
        assertThat(cache.prepared() - preparedBefore).as("prepared once, kept, run again").isEqualTo(1);

        try (Connection other = DriverManager.getConnection(TestDatabases.fileUrl("sqlite", dir.resolve("db")));
                Statement s = other.createStatement()) {
            s.executeUpdate("INSERT INTO note (body) VALUES ('d')");
            try (ResultSet checkpoint = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                checkpoint.next();
                assertThat(checkpoint.getInt(1)).as("busy: a reader held the log back").isZero();
                assertThat(checkpoint.getInt(2)).as("frames left in the log").isZero();
            }
        }
    }
}

package dev.candidaterouter.candidate;

import dev.candidaterouter.store.Dialect;
import dev.candidaterouter.store.Jdbc;
import javax.sql.DataSource;

/**
 * Serialises the events about one candidate: {@link #lock} is the first step of the event's transaction, and holds
 * until it commits or rolls back. Without it, two events about one candidate (an application and the candidate's
 * record, say) processed at once would each decide on what the other had not committed yet, and the sends the older
 * view planned could outlive the newer decision. With it, the second waits, then reads everything the first wrote.
 */
public class CandidateLocks {
    /**
     * PostgreSQL's lock, one statement: the row inserted, or the row there locked. PostgreSQL locks the row an ON
     * CONFLICT DO UPDATE meets even when its WHERE lets it update nothing (no new row version is written); a concurrent
     * creator makes it wait on the key first. Same row, same lock as the two statements of the other databases, so
     * instances of older versions on the same database still wait for it.
     */
    private static final String POSTGRES_LOCK = """
            INSERT INTO candidate_lock (integration_id, candidate_id) VALUES (?, ?)
            ON CONFLICT (integration_id, candidate_id) DO UPDATE SET candidate_id = EXCLUDED.candidate_id WHERE FALSE""";

    private final Jdbc jdbc;

    public CandidateLocks(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /**
     * {@link #lock}, then two reads of what the event needs: on PostgreSQL the lock and the reads in one round trip
     * ({@link Jdbc#bothTogetherAfter}), the reads seeing what the transaction that held the lock before committed.
     */
    public <A, B> Jdbc.Both<A, B> lockThenRead(String integrationId, String candidateId, Jdbc.Read<A> first,
            Jdbc.Read<B> second) {
        if (jdbc.dialect() == Dialect.POSTGRES && candidateId != null && !candidateId.isBlank()) {
            return Jdbc.bothTogetherAfter(jdbc.read(POSTGRES_LOCK + " RETURNING candidate_id", rs -> rs.getString(1),
                    integrationId, candidateId), first, second);
        }
        lock(integrationId, candidateId);
        return Jdbc.bothTogether(first, second);
    }

    /**
     * Locks the candidate for the rest of the current transaction (waiting while another transaction holds it).
     * Outside a transaction it would end with the statement, so it must be called inside one (a {@code transacted} route).
     * A blank id locks nothing. On SQLite nothing is written: the transaction holds the file's one writer from its
     * start ({@code StoreTransactions}), which keeps every two events apart already (the lock row cost two statements
     * inside that writer's turn, ~150 µs of every event's ~2.3 ms).
     */
    public void lock(String integrationId, String candidateId) {
        if (candidateId == null || candidateId.isBlank()) {
            return; // a record that names no candidate is refused later; there is nobody to serialise
        }
        if (jdbc.hasSingleWriter()) {
            return;
        }
        if (jdbc.dialect() == Dialect.POSTGRES) {
            jdbc.update(POSTGRES_LOCK, integrationId, candidateId);
            return;
        }
        // The first event about a candidate creates the row; a concurrent creator makes this insert wait on the key,
        // then find the row there.
        jdbc.insertIfAbsent("INSERT INTO candidate_lock (integration_id, candidate_id) VALUES (?, ?)", integrationId, candidateId);
        jdbc.queryOne("SELECT candidate_id FROM candidate_lock WHERE integration_id = ? AND candidate_id = ?" + jdbc.dialect().forUpdate(),
                r -> r.getString(1), integrationId, candidateId);
    }
}

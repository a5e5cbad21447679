package dev.candidaterouter.knit;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a claimed batch of inbox events into the chunks the pipeline works on, in stored order
 * (candidate-pipeline.yaml): a chunk's events are read, assembled and decided first, with no transaction, then acted on
 * in stored order.
 *
 * <p>On SQLite a chunk's events are acted on in one transaction, each under a savepoint of its own, so that the chunk
 * commits once: a commit is about half of an event's transaction there and the file has one writer for every write of
 * the process (BENCHMARKS.md, round 15: +20% end to end with chunks of 16). On other databases each event commits on
 * its own, as the candidates' row locks (CandidateLocks) last to the commit and two instances would otherwise hold
 * each other's candidates for a whole chunk; a chunk there is as many events as there are workers to decide them.
 */
public class InboxChunks {
    private final int size;
    private final boolean together;

    /**
     * @param commitChunk the events one SQLite transaction takes (INBOX_COMMIT_CHUNK)
     * @param workers the events decided at once (INBOX_WORKERS)
     * @param singleWriter true on SQLite
     */
    public InboxChunks(int commitChunk, int workers, boolean singleWriter) {
        if (commitChunk < 1) {
            throw new IllegalArgumentException("INBOX_COMMIT_CHUNK must be at least 1, was " + commitChunk);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("INBOX_WORKERS must be at least 1, was " + workers);
        }
        this.together = singleWriter && commitChunk > 1;
        this.size = together ? commitChunk : workers;
    }

    /** The batch in chunks, in stored order. */
    public List<List<InboxEvent>> of(List<InboxEvent> batch) {
        List<List<InboxEvent>> chunks = new ArrayList<>();
        for (int from = 0; from < batch.size(); from += size) {
            chunks.add(List.copyOf(batch.subList(from, Math.min(batch.size(), from + size))));
        }
        return chunks;
    }

    /** True when a chunk's events commit in one transaction (SQLite), false when each commits on its own. */
    public boolean committedTogether() {
        return together;
    }
}

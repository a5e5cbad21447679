package dev.candidaterouter.knit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** How a claimed batch is cut: in stored order, by the commit chunk on SQLite, by the workers elsewhere. */
class InboxChunksTest {
    private static final List<InboxEvent> BATCH = LongStream.rangeClosed(1, 10)
            .mapToObj(seq -> new InboxEvent(seq, "int", "evt-" + seq, "record.new", "c-" + seq, "{}", 1, Instant.EPOCH))
            .toList();

    @Test
    void onSqliteChunksOfTheCommitChunkCommitTogetherInStoredOrder() {
        InboxChunks chunks = new InboxChunks(4, 1, true);

        assertThat(chunks.committedTogether()).isTrue();
        assertThat(chunks.of(BATCH)).extracting(chunk -> chunk.stream().map(InboxEvent::seq).toList())
                .containsExactly(List.of(1L, 2L, 3L, 4L), List.of(5L, 6L, 7L, 8L), List.of(9L, 10L));
    }

    @Test
    void elsewhereEachEventCommitsOnItsOwnInChunksOfTheWorkers() {
        InboxChunks chunks = new InboxChunks(16, 3, false);

        assertThat(chunks.committedTogether()).isFalse();
        assertThat(chunks.of(BATCH)).hasSize(4).first().extracting(List::size).isEqualTo(3);
    }

    @Test
    void aCommitChunkOfOneCommitsEachEventOnItsOwnOnSqliteToo() {
        InboxChunks chunks = new InboxChunks(1, 2, true);

        assertThat(chunks.committedTogether()).isFalse();
        assertThat(chunks.of(BATCH)).hasSize(5);
        assertThat(chunks.of(List.of())).isEmpty();
    }

    @Test
    void sizesBelowOneAreRefusedWithTheSettingsName() {
        assertThatThrownBy(() -> new InboxChunks(0, 1, true)).hasMessageContaining("INBOX_COMMIT_CHUNK");
        assertThatThrownBy(() -> new InboxChunks(1, 0, true)).hasMessageContaining("INBOX_WORKERS");
    }
}

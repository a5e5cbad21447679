package dev.candidaterouter.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Callers that write at the same moment share one transaction, and each still gets its own answer. */
class GroupCommitTest {
    private final ExecutorService callers = Executors.newFixedThreadPool(8);
    private final List<Thread> callerThreads = new CopyOnWriteArrayList<>();
    private final List<List<String>> transactions = new CopyOnWriteArrayList<>();
    /** Holds the first transaction open until released, so that others arrive while it runs. */
    private final CountDownLatch firstMayFinish = new CountDownLatch(1);

    @AfterEach
    void stop() {
        firstMayFinish.countDown();
        callers.shutdownNow();
    }

    /** A writer that records each transaction's items, answers each item in upper case, and refuses "bad". */
    private Function<List<String>, List<String>> writer() {
        return items -> {
            if (items.contains("first")) {
                awaitRelease();
            }
            if (items.contains("bad")) {
                throw new IllegalArgumentException("refused: bad");
            }
            transactions.add(List.copyOf(items));
            return items.stream().map(String::toUpperCase).toList();
        };
    }

    private void awaitRelease() {
        try {
            assertThat(firstMayFinish.await(30, TimeUnit.SECONDS)).as("released").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private CompletableFuture<String> write(GroupCommit<String, String> commits, String item) {
        return CompletableFuture.supplyAsync(() -> {
            callerThreads.add(Thread.currentThread());
            return commits.write(item);
        }, callers);
    }

    /** Every caller thread but the writer's is parked, waiting for its turn to write. */
    private void awaitQueued(int callersWaiting) {
        await().atMost(Duration.ofSeconds(10)).until(() -> callerThreads.size() == callersWaiting + 1
                && callerThreads.stream().filter(t -> t.getState() == Thread.State.WAITING).count() == callersWaiting);
    }

    /**
     * Writes "first" (held in its transaction until released), then the items, and waits until they all queue behind
     * it. The futures: "first"'s, then the items' in the order given.
     */
    private List<CompletableFuture<String>> queuedBehindFirst(GroupCommit<String, String> commits, String... items) {
        List<CompletableFuture<String>> futures = new ArrayList<>();
        futures.add(write(commits, "first"));
        await().atMost(Duration.ofSeconds(10)).until(() -> callerThreads.size() == 1);
        for (String item : items) {
            futures.add(write(commits, item));
        }
        awaitQueued(items.length);
        return futures;
    }

    @Test
    void callersArrivingWhileATransactionRunsShareTheNextOne() throws Exception {
        GroupCommit<String, String> commits = new GroupCommit<>(writer(), 64);
        List<CompletableFuture<String>> later = queuedBehindFirst(commits, "a", "b", "c", "d", "e");
        CompletableFuture<String> first = later.remove(0);

        firstMayFinish.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("FIRST");
        assertThat(later).extracting(f -> f.get(10, TimeUnit.SECONDS)).containsExactly("A", "B", "C", "D", "E");
        assertThat(transactions).hasSize(2);
        assertThat(transactions.get(0)).containsExactly("first");
        assertThat(transactions.get(1)).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
    }

    @Test
    void aTransactionTakesAtMostMaxBatchItems() throws Exception {
        GroupCommit<String, String> commits = new GroupCommit<>(writer(), 2);
        List<CompletableFuture<String>> later = queuedBehindFirst(commits, "a", "b", "c", "d", "e");
        CompletableFuture<String> first = later.remove(0);

        firstMayFinish.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("FIRST");
        assertThat(later).extracting(f -> f.get(10, TimeUnit.SECONDS)).containsExactly("A", "B", "C", "D", "E");
        assertThat(transactions).hasSize(4).allSatisfy(items -> assertThat(items).hasSizeLessThanOrEqualTo(2));
    }

    @Test
    void aFailedTransactionIsWrittenAgainOneItemEachSoOnlyTheBadItemFails() throws Exception {
        GroupCommit<String, String> commits = new GroupCommit<>(writer(), 64);
        List<CompletableFuture<String>> futures = queuedBehindFirst(commits, "x", "bad", "y");
        CompletableFuture<String> first = futures.get(0);
        CompletableFuture<String> x = futures.get(1);
        CompletableFuture<String> bad = futures.get(2);
        CompletableFuture<String> y = futures.get(3);

        firstMayFinish.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("FIRST");
        assertThat(x.get(10, TimeUnit.SECONDS)).isEqualTo("X");
        assertThat(y.get(10, TimeUnit.SECONDS)).isEqualTo("Y");
        assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refused: bad");
        // The three queued in whatever order their threads got there; the batch of three failed, so each alone.
        assertThat(transactions).hasSize(3).first().isEqualTo(List.of("first"));
        assertThat(transactions.subList(1, 3)).containsExactlyInAnyOrder(List.of("x"), List.of("y"));
    }

    @Test
    void aCallerAloneWritesAtOnceAndGetsTheWritersFailure() {
        GroupCommit<String, String> commits = new GroupCommit<>(writer(), 64);

        assertThat(commits.write("solo")).isEqualTo("SOLO");
        assertThatThrownBy(() -> commits.write("bad")).isInstanceOf(IllegalArgumentException.class);
        assertThat(transactions).containsExactly(List.of("solo"));
    }

    @Test
    void aWriterThatAnswersTheWrongNumberOfResultsFailsItsCallers() {
        GroupCommit<String, String> commits = new GroupCommit<>(items -> List.of(), 64);

        assertThatThrownBy(() -> commits.write("a")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 items but got 0 results");
    }
}

package dev.candidaterouter.knit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CommitOrderTest {
    private final ExecutorService workers = Executors.newFixedThreadPool(3);

    @AfterEach
    void stopWorkers() {
        workers.shutdownNow();
    }

    @Test
    void eventsCommitInBatchOrderWhicheverWorkerIsReadyFirst() throws Exception {
        CommitOrder order = new CommitOrder(Duration.ofMinutes(1));
        CommitOrder.Turns turns = order.forBatch(List.of("a", "b", "c"));
        List<Integer> committed = new CopyOnWriteArrayList<>();
        // The last event is ready first, the first last.
        List<CompletableFuture<Void>> events = List.of(2, 1, 0).stream()
                .map(index -> CompletableFuture.runAsync(() -> {
                    try {
                        order.awaitTurn(turns, index);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    committed.add(index);
                    order.done(turns, index);
                }, workers))
                .toList();

        CompletableFuture.allOf(events.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(committed).containsExactly(0, 1, 2);
    }

    @Test
    void anEventDoneBeforeItsTurnDoesNotHoldUpTheNext() throws Exception {
        CommitOrder order = new CommitOrder(Duration.ofMinutes(1));
        CommitOrder.Turns turns = order.forBatch(List.of("a", "b", "c"));
        // The second failed while being read: done without waiting. The third waits for the first only.
        order.done(turns, 1);
        CompletableFuture<Void> third = CompletableFuture.runAsync(() -> {
            try {
                order.awaitTurn(turns, 2);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, workers);
        assertThat(third).isNotDone();

        order.done(turns, 0);
        third.get(30, TimeUnit.SECONDS);
        assertThat(turns).hasToString("Turns[2 of 3 done in order]");
    }

    @Test
    void aTurnThatDoesNotComeIsTakenAfterTheLongestWait() throws Exception {
        CommitOrder order = new CommitOrder(Duration.ofMillis(50));
        CommitOrder.Turns turns = order.forBatch(List.of("a", "b"));
        // The first event never finishes (stuck past its claim): the second goes on rather than stall the inbox.
        order.awaitTurn(turns, 1);
        assertThat(turns).hasToString("Turns[0 of 2 done in order]");
    }

    @Test
    void anEventOutsideABatchWaitsForNothing() throws Exception {
        CommitOrder order = new CommitOrder(Duration.ofMinutes(1));
        order.awaitTurn(null, 5);
        order.done(null, 5);
    }

    @Test
    void aPlaceOutsideTheBatchIsRefused() {
        CommitOrder order = new CommitOrder(Duration.ofMinutes(1));
        CommitOrder.Turns turns = order.forBatch(List.of("a"));
        assertThatThrownBy(() -> order.done(turns, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("event 1 is not in a batch of 1");
        assertThatThrownBy(() -> new CommitOrder(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}

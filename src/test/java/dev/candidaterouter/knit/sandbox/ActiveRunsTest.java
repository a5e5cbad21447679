package dev.candidaterouter.knit.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ActiveRunsTest {
    private final ActiveRuns runs = new ActiveRuns();

    @Test
    void isIdleWhenNoRunStarted() throws Exception {
        assertThat(runs.awaitIdle(Duration.ZERO)).isTrue();
    }

    @Test
    void waitingTimesOutWhileARunIsActive() throws Exception {
        runs.begin();

        assertThat(runs.awaitIdle(Duration.ofMillis(50))).isFalse();
    }

    @Test
    void waiterIsReleasedWhenTheLastRunEnds() throws Exception {
        runs.begin();
        runs.begin();
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return runs.awaitIdle(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });

        runs.end();
        assertThat(runs.running()).isEqualTo(1);
        runs.end();

        assertThat(waiter.get()).isTrue();
    }
}

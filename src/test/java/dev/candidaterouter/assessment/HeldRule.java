package dev.candidaterouter.assessment;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** What a rule pasted by a test calls to hold its backtest inside the rules until the test lets it go. */
public final class HeldRule {
    static final CountDownLatch ENTERED = new CountDownLatch(1);
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    private HeldRule() {
    }

    public static void holdUntilReleased() {
        ENTERED.countDown();
        try {
            RELEASE.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

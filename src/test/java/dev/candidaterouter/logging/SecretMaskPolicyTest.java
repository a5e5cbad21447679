package dev.candidaterouter.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candidaterouter.dispatch.TwilioRequests;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;

/** Whatever logs a secret's value — a message, an exception's message, a cause's — the line shows ****** instead. */
class SecretMaskPolicyTest {
    @Test
    void aRememberedSecretIsMaskedInTheMessageAndInEveryExceptionMessage() {
        SecretValues.remember("tok-3f9a-secret");
        SecretValues.remember("abc"); // too short to mask: it would blank out ordinary words
        LogEvent event = Log4jLogEvent.newBuilder().setLoggerName("test").setLevel(Level.ERROR)
                .setMessage(new SimpleMessage("calling https://api?token=tok-3f9a-secret failed for abc"))
                .setThrown(new IllegalStateException("outer", new RuntimeException("header Bearer tok-3f9a-secret refused")))
                .build();

        LogEvent masked = SecretMaskPolicy.create().rewrite(event);

        assertThat(masked.getMessage().getFormattedMessage()).isEqualTo("calling https://api?token=****** failed for abc");
        StringWriter trace = new StringWriter();
        masked.getThrown().printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain("tok-3f9a-secret").contains("Bearer ******")
                .contains("java.lang.IllegalStateException: outer").contains(SecretMaskPolicyTest.class.getName());
    }

    @Test
    void aPasswordInTheDatabaseUrlIsMaskedToo() {
        SecretValues.rememberPasswordIn("jdbc:postgresql://db:5432/router?user=app&password=pg-pass-8c1e&sslmode=require");
        SecretValues.rememberPasswordIn("jdbc:h2:file:./data/x;USER=sa;PASSWORD=h2-pass-77f0");
        assertThat(SecretValues.mask("pool: password=pg-pass-8c1e refused; PASSWORD=h2-pass-77f0"))
                .isEqualTo("pool: password=****** refused; PASSWORD=******");
    }

    @Test
    void anEventWithoutSecretsIsLeftAsItIs() {
        SecretValues.remember("tok-3f9a-secret");
        LogEvent event = Log4jLogEvent.newBuilder().setLoggerName("test").setLevel(Level.INFO)
                .setMessage(new SimpleMessage("nothing to hide")).build();
        assertThat(SecretMaskPolicy.create().rewrite(event)).isSameAs(event);
    }

    @Test
    void aSecretInASuppressedExceptionIsMaskedToo() {
        SecretValues.remember("tok-77aa-suppressed");
        IllegalStateException failure = new IllegalStateException("send failed");
        RuntimeException closeFailure = new RuntimeException("close: session tok-77aa-suppressed already ended",
                new RuntimeException("cause of close: tok-77aa-suppressed"));
        failure.addSuppressed(closeFailure); // what try-with-resources does when close() fails too
        LogEvent event = Log4jLogEvent.newBuilder().setLoggerName("test").setLevel(Level.ERROR)
                .setMessage(new SimpleMessage("dispatch failed")).setThrown(failure).build();

        LogEvent masked = SecretMaskPolicy.create().rewrite(event);

        StringWriter trace = new StringWriter();
        masked.getThrown().printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain("tok-77aa-suppressed")
                .contains("java.lang.IllegalStateException: send failed")
                .contains("Suppressed: java.lang.RuntimeException: close: session ****** already ended")
                .contains("java.lang.RuntimeException: cause of close: ******");
    }

    @Test
    void theTwilioAuthorizationHeaderIsMaskedThoughItIsOnlyDerivedFromTheToken() {
        String header = new TwilioRequests("AC0123456789abcdef", "twilio-token-5e7d").authorization();
        LogEvent event = Log4jLogEvent.newBuilder().setLoggerName("test").setLevel(Level.DEBUG)
                .setMessage(new SimpleMessage("POST /Messages.json Authorization: " + header)).build();

        LogEvent masked = SecretMaskPolicy.create().rewrite(event);

        assertThat(masked.getMessage().getFormattedMessage()).isEqualTo("POST /Messages.json Authorization: Basic ******");
    }

    @Test
    void secretsRememberedAtTheSameTimeAreAllMasked() throws Exception {
        int threads = 4;
        for (int round = 0; round < 300; round++) {
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            List<String> secrets = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String secret = "race-secret-" + round + "-" + t;
                secrets.add(secret);
                Thread worker = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    SecretValues.remember(secret);
                });
                worker.start();
                workers.add(worker);
            }
            start.countDown();
            for (Thread worker : workers) {
                worker.join();
            }
            for (String secret : secrets) {
                assertThat(SecretValues.mask("value " + secret)).as("round %d", round).isEqualTo("value ******");
            }
        }
    }
}

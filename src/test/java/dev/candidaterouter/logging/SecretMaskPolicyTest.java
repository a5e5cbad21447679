package dev.candidaterouter.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
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
}

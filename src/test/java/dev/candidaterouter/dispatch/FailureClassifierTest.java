package dev.candidaterouter.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candidaterouter.assessment.Channel;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.camel.CamelExecutionException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

/** The failure kinds, from the exceptions jakarta.mail and the HTTP client really throw. */
class FailureClassifierTest {
    private final FailureClassifier classifier = new FailureClassifier();

    @Test
    void smtp5xxRecipientRefusalIsPermanent() throws Exception {
        SMTPAddressFailedException refused = new SMTPAddressFailedException(new InternetAddress("a@example.com"),
                "RCPT TO", 550, "550 5.1.1 mailbox unavailable");
        SendFailedException wrapper = new SendFailedException("Invalid Addresses", refused);
        Throwable kind = classifier.classify(Channel.EMAIL, new CamelExecutionException("send failed", null, wrapper));
        assertThat(kind).isInstanceOf(PermanentDispatchFailure.class).hasMessageContaining("550");
    }

    @Test
    void smtp4xxReplyIsTransient() {
        SMTPSendFailedException busy = new SMTPSendFailedException("DATA", 451, "451 4.3.0 try again later", null, null, null, null);
        assertThat(classifier.classify(Channel.EMAIL, busy)).isInstanceOf(TransientDispatchFailure.class).hasMessageContaining("451");
    }

    @Test
    void smtpConnectionFailureIsTransient() {
        MessagingException noServer = new MessagingException("Couldn't connect to host", new ConnectException("Connection refused"));
        assertThat(classifier.classify(Channel.EMAIL, noServer)).isInstanceOf(TransientDispatchFailure.class);
    }

    @Test
    void readTimeoutIsTransientForTheInvitationButUnknownForAnSms() {
        SocketTimeoutException timeout = new SocketTimeoutException("Read timed out");
        assertThat(classifier.classify(Channel.ASSESSMENT, timeout)).isInstanceOf(TransientDispatchFailure.class);
        assertThat(classifier.classify(Channel.SMS, timeout)).isInstanceOf(UnknownDispatchOutcome.class);
    }

    @Test
    void refusedConnectionIsSafeToRetryEvenForAnSms() {
        assertThat(classifier.classify(Channel.SMS, new ConnectException("Connection refused")))
                .isInstanceOf(TransientDispatchFailure.class);
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsHttpDate() {
        Clock clock = Clock.fixed(Instant.parse("2025-03-01T10:00:00Z"), ZoneOffset.UTC);
        assertThat(RetryAfter.parse("120", clock)).isEqualTo(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse("Sat, 01 Mar 2025 10:00:30 GMT", clock)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("soon", clock)).isNull();
    }
}

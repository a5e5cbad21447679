package dev.candidaterouter.dispatch;

import dev.candidaterouter.assessment.Channel;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * Turns what a send threw into one of our three failure kinds, so that {@link DispatchOutcome} decides on kinds,
 * not on library exceptions. HTTP status codes are classified where the answer is read ({@link ProviderAnswers});
 * this class handles what never became an answer: network errors and SMTP replies.
 * <ul>
 * <li>{@link TransientDispatchFailure}: refused or timed-out connections, SMTP 4xx replies.</li>
 * <li>{@link PermanentDispatchFailure}: SMTP 5xx replies (550 mailbox unavailable, 553 bad address), refused SMTP
 * credentials.</li>
 * <li>{@link UnknownDispatchOutcome}: an SMS request that may have reached Twilio (read timeout, reset after
 * sending), or an ATS write Knit may have carried out ({@link DispatchJob#isUnsafeToRepeat()}: a note, an
 * attachment). Neither Twilio nor these writes have an idempotency key, so they must not be retried blindly.</li>
 * </ul>
 * Anything else is returned unchanged and retried like a transient failure, until the attempts run out.
 */
public class FailureClassifier {

    public Throwable classify(Channel channel, Throwable error) {
        return classify(channel, channel == Channel.SMS, error);
    }

    /** What {@code job} threw: an outcome-unknown failure of a send that is unsafe to repeat is not retried. */
    public Throwable classify(DispatchJob job, Throwable error) {
        return classify(job.channel(), job.isUnsafeToRepeat(), error);
    }

    private Throwable classify(Channel channel, boolean unsafeToRepeat, Throwable error) {
        if (error == null) {
            return null;
        }
        List<Throwable> chain = chain(error);
        for (Throwable t : chain) {
            if (t instanceof PermanentDispatchFailure || t instanceof TransientDispatchFailure || t instanceof UnknownDispatchOutcome
                    || t instanceof CancelledSend) {
                return t;
            }
        }
        for (Throwable t : chain) {
            Integer smtpCode = smtpReturnCode(t);
            if (smtpCode != null) {
                String reason = "SMTP server answered " + smtpCode + ": " + oneLine(t.getMessage());
                return smtpCode >= 500 ? new PermanentDispatchFailure(reason) : new TransientDispatchFailure(reason, null);
            }
            if (t instanceof AuthenticationFailedException) {
                return new PermanentDispatchFailure("SMTP server refused our credentials (check SMTP_USER / SMTP_PASSWORD): "
                        + oneLine(t.getMessage()));
            }
        }
        for (Throwable t : chain) {
            if (t instanceof IOException io) {
                if (unsafeToRepeat && !certainlyNotSent(io)) {
                    return new UnknownDispatchOutcome((channel == Channel.SMS ? "SMS" : channel + " write")
                            + " request may have reached the provider, no answer: "
                            + io.getClass().getSimpleName() + ": " + oneLine(io.getMessage()), io);
                }
                return new TransientDispatchFailure("network error: " + io.getClass().getSimpleName() + ": "
                        + oneLine(io.getMessage()), null);
            }
        }
        return error;
    }

    /** Failures that happen before a single byte of the request left: safe to retry even without idempotency. */
    static boolean certainlyNotSent(IOException e) {
        return e instanceof ConnectException || e instanceof ConnectTimeoutException
                || e instanceof ConnectionRequestTimeoutException || e instanceof UnknownHostException
                || e instanceof NoRouteToHostException;
    }

    private static Integer smtpReturnCode(Throwable t) {
        if (t instanceof SMTPSendFailedException e) {
            return e.getReturnCode();
        }
        if (t instanceof SMTPAddressFailedException e) {
            return e.getReturnCode();
        }
        if (t instanceof SMTPSenderFailedException e) {
            return e.getReturnCode();
        }
        return null;
    }

    /** Causes and jakarta.mail's "next" exceptions (where SMTP replies hide), each once. */
    private static List<Throwable> chain(Throwable error) {
        List<Throwable> out = new ArrayList<>();
        Set<Throwable> seen = new HashSet<>();
        List<Throwable> todo = new ArrayList<>(List.of(error));
        while (!todo.isEmpty()) {
            Throwable t = todo.remove(0);
            if (t == null || !seen.add(t)) {
                continue;
            }
            out.add(t);
            todo.add(t.getCause());
            if (t instanceof MessagingException m) {
                todo.add(m.getNextException());
            }
        }
        return out;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }
}

package dev.candidaterouter.dispatch;

import dev.candidaterouter.assessment.Channel;
import dev.candidaterouter.consent.ConsentRepository;
import dev.candidaterouter.masking.ContactMask;
import dev.candidaterouter.masking.LogSafeText;
import dev.candidaterouter.metrics.RouterMetrics;
import dev.candidaterouter.store.DurableCommits;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a send's outcome to its dispatch row: sent with the provider's id, retried later with exponential
 * backoff and jitter, or failed for good. Retries are scheduled in the table rather than held in memory, so a
 * restart resumes them. What a send threw is first sorted into a failure kind by {@link FailureClassifier}; an
 * {@link UnknownDispatchOutcome} (an SMS that may have gone out) is kept for review unless retrying such sends
 * was allowed ({@code sms.retry-unknown}).
 */
public class DispatchOutcome {
    private static final Logger LOG = LoggerFactory.getLogger("dev.candidaterouter.sends");

    private final DispatchRepository dispatches;
    private final Clock clock;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final FailureClassifier classifier;
    private final boolean retryUnknownSms;
    private final DurableCommits durableCommits;
    private final ConsentRepository consent;
    private final ChannelPayloads payloads;
    private final RouterMetrics metrics;

    public DispatchOutcome(DispatchRepository dispatches, Clock clock, int maxAttempts, Duration initialBackoff,
            Duration maxBackoff, FailureClassifier classifier, boolean retryUnknownSms, DurableCommits durableCommits,
            ConsentRepository consent, ChannelPayloads payloads, RouterMetrics metrics) {
        this.metrics = metrics;
        this.durableCommits = durableCommits;
        this.consent = consent;
        this.payloads = payloads;
        this.dispatches = dispatches;
        this.classifier = classifier;
        this.retryUnknownSms = retryUnknownSms;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    /**
     * @param providerId what the provider calls the send (invitation id, Message-ID, message sid)
     * @param testUrl the test link an invitation returned; {@code null} keeps the job's own (notifications)
     */
    public void sent(DispatchJob job, String providerId, String testUrl) {
        dispatches.markSent(job, providerId, testUrl == null ? job.testUrl() : testUrl);
        // On disk before the next send: a restart must find this one done, not send it again.
        durableCommits.flush();
        metrics.sent(job.channel().name());
        // An ATS write names its kind and application: "sent KNIT result-stage app-1 to candidate ...".
        String what = job.isAtsWrite() ? job.channel() + " " + job.kind()
                + (job.applicationId() == null || job.applicationId().isEmpty() ? "" : " " + job.applicationId())
                : job.channel().toString();
        LOG.info("sent {} to candidate {} for {} (key {}, provider id {})", what, job.candidateId(),
                job.assessmentId(), job.key(), providerId);
    }

    /** @param thrown what the send threw */
    public void failed(DispatchJob job, Throwable thrown) {
        Throwable error = classifier.classify(job, thrown);
        String reason = error == null ? "unknown error" : error.getClass().getSimpleName() + ": " + error.getMessage();
        // The row keeps the provider's full words for the operator; the log gets them with contact data masked.
        String logReason = LogSafeText.mask(reason);
        if (error instanceof CancelledSend) {
            // No longer wanted (not a failure): cancelled with the reason, not among the dead letters.
            dispatches.markFailed(job.id(), DispatchRepository.CANCELLED, error.getMessage());
            LOG.info("{} to candidate {} cancelled: {}", job.channel(), job.candidateId(), LogSafeText.mask(error.getMessage()));
        } else if (error instanceof PermanentDispatchFailure) {
            dispatches.markFailed(job.id(), DispatchRepository.FAILED_PERMANENT, reason);
            LOG.warn("{} to candidate {} failed permanently: {}", job.channel(), job.candidateId(), logReason);
        } else if (error instanceof UnknownDispatchOutcome && (!retryUnknownSms || job.channel() != Channel.SMS)) {
            // SMS_RETRY_UNKNOWN is about SMS only: an ATS note or attachment of unknown outcome is always reviewed.
            dispatches.markFailed(job.id(), DispatchRepository.REVIEW,
                    reason + " (outcome unknown: check the provider before replaying)");
            LOG.warn("{} to candidate {} has an unknown outcome, kept for review (key {}): {}", job.channel(),
                    job.candidateId(), job.key(), logReason);
        } else if (job.attempts() >= maxAttempts) {
            dispatches.markFailed(job.id(), DispatchRepository.DEAD, "gave up after " + job.attempts() + " attempts: " + reason);
            LOG.warn("{} to candidate {} is dead after {} attempts: {}", job.channel(), job.candidateId(), job.attempts(), logReason);
        } else {
            Duration wait = backoff(job.attempts(), error);
            dispatches.markRetry(job.id(), clock.instant().plus(wait), reason);
            LOG.info("{} to candidate {} will be retried in {} ms (attempt {}): {}", job.channel(), job.candidateId(),
                    wait.toMillis(), job.attempts(), logReason);
        }
    }

    /**
     * An SMS whose number opted out: Twilio's 21610 records the number as opted out and fails the send for good;
     * an opt-out found before sending cancels it. Either way, when the decision planned no email and the candidate
     * has an address, one email is planned instead.
     *
     * @param phone the number the SMS was for (E.164)
     */
    public void optedOut(DispatchJob job, String phone, SmsOptedOut optedOut) {
        String reason = "SMS opt-out: " + optedOut.getMessage();
        if (optedOut.isReportedByTwilio() && phone != null && !phone.isBlank()) {
            consent.optOutAfterRefusedSend(phone);
        }
        boolean emailPlanned = dispatches.endOptedOutSms(job,
                optedOut.isReportedByTwilio() ? DispatchRepository.FAILED_PERMANENT : DispatchRepository.CANCELLED,
                reason, payloads.emailAddress(job) != null);
        LOG.warn("SMS to candidate {} ({}) not sent, the number opted out{}: {}", job.candidateId(), ContactMask.phone(phone),
                emailPlanned ? "; email planned instead" : "", LogSafeText.mask(reason));
    }

    /** Exponential backoff with full jitter, capped; a provider's Retry-After wins when it asks for longer. */
    Duration backoff(int attempt, Throwable error) {
        long base = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, maxBackoff.toMillis());
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        if (error instanceof TransientDispatchFailure t && t.retryAfter() != null) {
            return t.retryAfter().toMillis() > jittered ? t.retryAfter() : Duration.ofMillis(jittered);
        }
        return Duration.ofMillis(jittered);
    }
}

package dev.candidaterouter.consent;

/** Whether a number may receive SMS: what the profile's {@code smsOptedOut} and the SMS route ask. */
public interface SmsConsent {
    /** True when {@code phoneE164} opted out (STOP, or Twilio refused a send with 21610) and did not opt in again. */
    boolean isOptedOut(String phoneE164);
}

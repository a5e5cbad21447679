package dev.candidaterouter.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TwilioSignatureTest {

    /**
     * Twilio's documented example (webhooks-security): Auth Token 12345, this URL and these parameters give
     * {@code GvWf1cFY/Q7PnoempGyD5oXAezc=} (the data is the URL followed by each name and value, sorted by name).
     */
    @Test
    void matchesTwiliosDocumentedExample() {
        TwilioSignature signature = new TwilioSignature("12345", "https://mycompany.com/myapp.php?foo=1&bar=2");
        List<FormField> fields = List.of(new FormField("Digits", "1234"), new FormField("To", "+18005551212"),
                new FormField("From", "+14158675310"), new FormField("Caller", "+14158675310"),
                new FormField("CallSid", "CA1234567890ABCDE"));
        assertThat(signature.sign(fields)).isEqualTo("GvWf1cFY/Q7PnoempGyD5oXAezc=");
        assertThat(signature.matches(fields, "GvWf1cFY/Q7PnoempGyD5oXAezc=")).isTrue();
    }

    @Test
    void aChangedValueAnotherUrlOrNoSignatureDoNotMatch() {
        List<FormField> fields = List.of(new FormField("From", "+14158675310"), new FormField("Body", "STOP"));
        TwilioSignature signature = new TwilioSignature("token", "https://a.example.com/webhooks/twilio");
        String good = signature.sign(fields);
        assertThat(signature.matches(List.of(new FormField("From", "+14158675311"), new FormField("Body", "STOP")), good)).isFalse();
        assertThat(new TwilioSignature("token", "http://a.example.com/webhooks/twilio").matches(fields, good)).isFalse();
        assertThat(signature.matches(fields, null)).isFalse();
        assertThat(signature.matches(fields, "not base64 !")).isFalse();
    }
}

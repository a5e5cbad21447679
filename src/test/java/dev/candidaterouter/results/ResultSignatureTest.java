package dev.candidaterouter.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** X-Assessment-Signature: sha256=<hex HMAC-SHA256 of the raw body>, with the documented secret. */
class ResultSignatureTest {
    private static final byte[] BODY = "{\"invitationId\":\"inv-1\",\"status\":\"completed\",\"score\":1}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signsAsDocumentedAndVerifiesItsOwnSignature() {
        ResultSignature signature = new ResultSignature("secret");
        // HMAC-SHA256("secret", "abc"), computed independently (openssl dgst -sha256 -hmac secret).
        assertThat(signature.sign("abc".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("sha256=9946dad4e00e913fc8be8e5d3f7e110a4a9e832f83fb09c345285d78638d8a0e");
        assertThat(signature.matches(BODY, signature.sign(BODY))).isTrue();
        assertThat(signature.matches(BODY, signature.sign(BODY).toUpperCase(Locale.ROOT))).as("hex in capitals, SHA256= too").isTrue();
    }

    @Test
    void refusesAMissingMalformedForeignOrTamperedSignature() {
        ResultSignature signature = new ResultSignature("secret");
        String good = signature.sign(BODY);
        assertThat(signature.matches(BODY, null)).isFalse();
        assertThat(signature.matches(BODY, "")).isFalse();
        assertThat(signature.matches(BODY, good.substring("sha256=".length()))).as("without the prefix").isFalse();
        assertThat(signature.matches(BODY, "sha256=not-hex")).isFalse();
        assertThat(signature.matches(BODY, "sha1=" + good.substring(7))).isFalse();
        assertThat(signature.matches(BODY, new ResultSignature("other").sign(BODY))).isFalse();
        assertThat(signature.matches("{}".getBytes(StandardCharsets.UTF_8), good)).isFalse();
    }
}

package dev.candidaterouter.masking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Phone numbers and email addresses as people and ATSs really write them, alone, in sentences and in JSON: after
 * {@link LogSafeText#mask} no run of three characters of the number's digits or of the address's local part and
 * domain name survives (the masks keep a first character and the last two digits, so recognising stays possible).
 */
class MaskingCorpusTest {

    static Stream<Arguments> phones() {
        return Stream.of(
                "415.555.0123", "(415) 555-0123", "+44 20 7946 0958", "+1-415-555-0123", "0044 20 7946 0958",
                "415 555 0123 ext. 12", "+1 (415) 555.0123 x 204", "+14155550123", "4155550123", "+49 (0)30 1234 5678",
                "+33 6 12 34 56 78", "07700 900123", "030 12345678", "010-1234-5678", "+46\u00A070\u00A0123\u00A045\u00A067", "+81-3-1234-5678", "+1 415\u2013555\u20130123",
                "\u0664\u0661\u0665\u0665\u0665\u0665\u0660\u0661\u0662\u0663", "\uFF14\uFF11\uFF15-\uFF15\uFF15\uFF15-\uFF10\uFF11\uFF12\uFF13")
                .flatMap(phone -> Stream.of(
                        Arguments.of(phone, phone),
                        Arguments.of("The 'To' number " + phone + " is not a valid phone number.", phone),
                        Arguments.of("{\"phoneNumber\":\"" + phone + "\",\"type\":\"MOBILE\"}", phone),
                        Arguments.of("call me on " + phone + ", thanks", phone)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("phones")
    void noThreeDigitsOfAPhoneNumberSurvive(String text, String phone) {
        String masked = LogSafeText.mask(text);

        String digits = phone.codePoints().filter(Character::isDigit).collect(StringBuilder::new,
                StringBuilder::appendCodePoint, StringBuilder::append).toString();
        assertThat(runsOfThree(digits)).as("masked: %s", masked).noneMatch(masked::contains);
        assertThat(masked).as("the text around it").contains(text.substring(0, text.indexOf(phone)));
    }

    static Stream<Arguments> emails() {
        return Stream.of(
                "jane.doe+tag@example.co.uk", "zoë@exämple.de", "user@xn--bcher-kva.example", "\"quoted name\"@example.com",
                "a@b.c", "JANE.DOE@EXAMPLE.COM", "o'brien@example.ie", "first_last-99@sub.domain.example.org",
                "josé.núñez@correo.es", "用户@例子.广告", "test%relay@example.net", "jane%40example.com",
                "a@[10.0.0.1]", "ops@[IPv6:2001:db8::1]")
                .flatMap(email -> Stream.of(
                        Arguments.of(email, email),
                        Arguments.of("SMTP server answered 550: 5.1.1 <" + email + ">: Recipient address rejected", email),
                        Arguments.of("{\"email\":\"" + email + "\",\"type\":\"PERSONAL\"}", email),
                        Arguments.of("Please write to " + email + ". Thanks!", email)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("emails")
    void noThreeCharactersOfAnAddressSurvive(String text, String email) {
        String masked = LogSafeText.mask(text);

        int at = email.contains("@") ? email.lastIndexOf('@') : email.lastIndexOf("%40");
        String domain = email.substring(email.indexOf(email.contains("@") ? "@" : "%40", at) + (email.contains("@") ? 1 : 3));
        String domainName = domain.contains(".") ? domain.substring(0, domain.lastIndexOf('.')) : domain;
        assertThat(masked).as("masked").doesNotContain(email);
        List<String> pieces = new ArrayList<>(runsOfThree(email.substring(0, at).replace("\"", "")));
        pieces.addAll(runsOfThree(domainName));
        String around = text.replace(email, " ");
        pieces.removeIf(around::contains); // "ser" of "user" may stand in "server" of the message
        assertThat(pieces).as("masked: %s", masked).noneMatch(masked::contains);
    }

    @ParameterizedTest
    @ValueSource(strings = {"attempt 3 of 5", "2025-01-01T10:00:00Z", "experiences[1].startDate: not a date",
        "event 3f2a1b4c-1234-5678-9abc-def012345678 failed", "HTTP 503 after 30000 ms", "port 8080",
        "2025-01-01", "2025-01-01 10:00:00", "received at 2025-01-01 10:00:00.123+01:00, retrying", "startDate 01.02.2025",
        "from 192.168.100.200:8080", "host 10.0.0.1", "event 12345678-abcd-4ef0-9abc-def012345678 failed",
        "id 12345678-1234-5678-1234-567812345678", "trace 0123456789abcdef0123456789abcdef", "sha 1234567890abcdef",
        "took 1234567 ms", "timeout after 1500000ms", "body of 2.5 MB", "size 123456789 bytes",
        "epoch 1764496800000", "{\"createdAt\":1764496800000}", "version 20250101.1", "amount 12345.67", "ratio 1234.5678", "v1.2.3",
        "order 1234567", "id 12345678901234567890"})
    void textWithoutContactDataIsLeftAsItIs(String text) {
        assertThat(LogSafeText.mask(text)).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"zoë@exämple.de", "user@xn--bcher-kva.example", "JANE@EXAMPLE.COM"})
    void aMaskedAddressKeepsOnlyFirstLettersAndTheTopLevelDomain(String email) {
        String masked = ContactMask.email(email);

        assertThat(masked).matches(".\\*\\*\\*@.\\*\\*\\*\\.[\\p{L}]+");
    }

    @org.junit.jupiter.api.Test
    void longRunsOfDigitsLettersOrSpacedDigitsAreMaskedInLinearTime() {
        // 100,000 characters: scanning again from every position (quadratic) takes far longer than the generous
        // limit; linear scanning takes about a second even on a busy machine.
        for (String huge : List.of("1 ".repeat(50_000) + "x", "N".repeat(100_000) + "@", "a.".repeat(50_000) + "@",
                "+1 (415) 555-0123 ".repeat(5_500), "a%40".repeat(25_000), "1-1 ".repeat(25_000), "(1)".repeat(33_000),
                "+1 ".repeat(33_000), "1.".repeat(50_000), "2025-01-01 ".repeat(9_000))) {
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                    () -> LogSafeText.mask(huge));
        }
        assertThat(LogSafeText.mask("+1 (415) 555-0123 ".repeat(11_000))).doesNotContain("555");
    }

    /** Every run of three characters that are not punctuation-only. */
    private static List<String> runsOfThree(String s) {
        List<String> runs = new ArrayList<>();
        int[] cps = s.codePoints().toArray();
        for (int i = 0; i + 3 <= cps.length; i++) {
            String run = new String(cps, i, 3);
            if (run.codePoints().anyMatch(Character::isLetterOrDigit)) {
                runs.add(run);
            }
        }
        return runs;
    }
}

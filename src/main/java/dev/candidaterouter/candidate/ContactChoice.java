package dev.candidaterouter.candidate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Picks the email address and the phone number to contact a candidate on. Unusable entries are reported by
 * position only: issue texts never repeat an address or number, since issues end up in logs and stored decisions.
 */
final class ContactChoice {
    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{7,14}");
    /** Spaces (any Unicode space), dashes, dots and brackets: the usual ways of writing a number for people. */
    private static final Pattern LAYOUT = Pattern.compile("[\\s\\p{Z}\\p{Pd}.()\\[\\]{}]");

    private ContactChoice() {
    }

    private record Usable(String type, String value) {
    }

    /**
     * The first usable PERSONAL address, else the first WORK one, else the first of any type (types compared
     * case-insensitively). An address must be exactly one valid address ({@link SingleEmailAddress}); others —
     * {@code a@x.com,bob}, {@code Bob <b@x.com>}, {@code me-at-home} — are reported as an issue of the field and
     * skipped.
     */
    static String preferredEmail(List<EmailAddress> emails, List<DataIssue> issues) {
        List<Usable> usable = new ArrayList<>();
        for (int i = 0; i < emails.size(); i++) {
            String address = emails.get(i).email();
            if (address == null || address.isBlank()) {
                continue;
            }
            address = address.strip();
            if (SingleEmailAddress.hasNonAsciiLocalPart(address)) {
                // Sendable only over SMTPUTF8 all the way, which relays often lack (see SingleEmailAddress).
                issues.add(new DataIssue("info.emails[" + i + "].email",
                        "the part before @ has non-ASCII characters, which mail relays cannot be relied on to deliver; skipped"));
                continue;
            }
            if (!SingleEmailAddress.isValid(address)) {
                issues.add(new DataIssue("info.emails[" + i + "].email",
                        "not exactly one valid email address (name@domain, no list, no display name); skipped"));
                continue;
            }
            usable.add(new Usable(typeOf(emails.get(i).type()), address));
        }
        return first(usable, List.of("PERSONAL"), List.of("WORK"));
    }

    /**
     * The first usable MOBILE or PERSONAL number, else the first WORK one, else the first of any type but
     * SKYPE, in E.164. Numbers that cannot be written in E.164 without guessing a country code are reported
     * and skipped.
     */
    static String preferredPhone(List<PhoneNumber> phones, List<DataIssue> issues) {
        List<Usable> usable = new ArrayList<>();
        for (int i = 0; i < phones.size(); i++) {
            String type = typeOf(phones.get(i).type());
            String number = phones.get(i).phoneNumber();
            if (type.equals("SKYPE") || number == null || number.isBlank()) {
                continue;
            }
            Optional<String> e164 = toE164(number);
            if (e164.isEmpty()) {
                String why = number.strip().startsWith("+") || number.strip().startsWith("00")
                        ? "not a valid international number"
                        : "no country code, and none is guessed";
                issues.add(new DataIssue("info.phones[" + i + "]", why + "; skipped"));
                continue;
            }
            usable.add(new Usable(type, e164.get()));
        }
        return first(usable, List.of("MOBILE", "PERSONAL"), List.of("WORK"));
    }

    /**
     * The number in E.164 ({@code +} then 8 to 15 digits), after removing spaces, dashes, dots and brackets
     * and reading a leading {@code 00} as {@code +}; empty when that does not give E.164.
     */
    static Optional<String> toE164(String number) {
        String compact = LAYOUT.matcher(number).replaceAll("");
        if (compact.startsWith("00")) {
            compact = "+" + compact.substring(2);
        }
        return E164.matcher(compact).matches() ? Optional.of(compact) : Optional.empty();
    }

    private static String first(List<Usable> usable, List<String> preferred, List<String> second) {
        for (List<String> types : List.of(preferred, second)) {
            for (Usable u : usable) {
                if (types.contains(u.type())) {
                    return u.value();
                }
            }
        }
        return usable.isEmpty() ? null : usable.get(0).value();
    }

    private static String typeOf(String type) {
        return type == null ? "" : type.strip().toUpperCase(Locale.ROOT);
    }
}

package dev.candidaterouter.candidate;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.IDN;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One email address as an ATS field should hold it: exactly one mailbox ({@code name@domain.tld}), without a
 * display name, comment, group or second address. {@code a@x.com,bob} or {@code Bob <b@x.com>} are not one
 * address: taken as they are, jakarta.mail would make them several recipients or a different one. The candidate's
 * email is chosen with this check and the email is addressed with it again, so a field never becomes two recipients.
 *
 * <p>Only what any SMTP relay delivers is accepted: an internationalised domain ({@code zoë@exämple.de}) is sent in
 * its IDNA ASCII form ({@code zoe@xn--exmple-cua.de}, what DNS knows it by), while a non-ASCII local part
 * ({@code zoë@...}) is refused. Sending that needs SMTPUTF8 (RFC 6531) on every hop: jakarta.mail's
 * {@code mail.mime.allowutf8} writes raw UTF-8 headers but only asks for SMTPUTF8 when the relay offers it, so a
 * relay without it (GreenMail, many company relays) takes the message and it is lost or mangled later, with no
 * error we could report. Refusing it up front is a data issue the ATS can fix; a silent loss is not.
 */
public final class SingleEmailAddress {
    /** What a local part of one bare address cannot hold unquoted: a display name, list or comment is around it. */
    private static final Pattern NOT_ONE_ADDRESS = Pattern.compile("[\\s<>(),;:\\[\\]]");

    private SingleEmailAddress() {
    }

    /**
     * The address to send to, when {@code text} (surrounding blanks aside) is exactly one valid address with an
     * ASCII local part; its domain in IDNA ASCII. Else empty.
     */
    public static Optional<InternetAddress> parse(String text) {
        if (text == null || text.isBlank() || hasNonAsciiLocalPart(text)) {
            return Optional.empty();
        }
        Optional<String> ascii = withAsciiDomain(text.strip());
        if (ascii.isEmpty()) {
            return Optional.empty();
        }
        String address = ascii.get();
        try {
            // The one-address constructor, strictly (RFC 822 syntax): lists, groups and stray text are refused.
            InternetAddress parsed = new InternetAddress(address, true);
            parsed.validate();
            boolean bare = !parsed.isGroup() && parsed.getPersonal() == null && address.equals(parsed.getAddress());
            return bare && hasDottedDomain(address) ? Optional.of(parsed) : Optional.empty();
        } catch (AddressException notOne) {
            return Optional.empty();
        }
    }

    public static boolean isValid(String text) {
        return parse(text).isPresent();
    }

    /**
     * Whether the part before the (last) {@code @} has a character outside ASCII: not sendable without SMTPUTF8.
     * Text with a display name, list or comment ({@code Zoë <z@x.com>}) is not one address in the first place.
     */
    public static boolean hasNonAsciiLocalPart(String text) {
        int at = text == null ? -1 : text.strip().lastIndexOf('@');
        if (at <= 0) {
            return false;
        }
        String localPart = text.strip().substring(0, at);
        return localPart.chars().anyMatch(c -> c >= 0x80) && !NOT_ONE_ADDRESS.matcher(localPart).find();
    }


    /** The address with its domain in IDNA ASCII ({@link IDN#toASCII}, STD3 rules: letters, digits, hyphens). */
    private static Optional<String> withAsciiDomain(String address) {
        int at = address.lastIndexOf('@');
        if (at <= 0 || address.startsWith("[", at + 1)) {
            return Optional.of(address); // no domain, or an address literal: the strict parse below refuses them
        }
        try {
            return Optional.of(address.substring(0, at + 1)
                    + IDN.toASCII(address.substring(at + 1), IDN.USE_STD3_ASCII_RULES));
        } catch (IllegalArgumentException notADomainName) {
            return Optional.empty();
        }
    }

    /** A domain an address on the internet can have: labels separated by dots, none empty ({@code a@b} is local). */
    private static boolean hasDottedDomain(String address) {
        String domain = address.substring(address.lastIndexOf('@') + 1);
        return domain.contains(".") && !domain.startsWith("[") && !domain.startsWith(".") && !domain.endsWith(".")
                && !domain.contains("..");
    }
}

package dev.candidaterouter.candidate;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.Optional;

/**
 * One email address as an ATS field should hold it: exactly one mailbox ({@code name@domain.tld}), without a
 * display name, comment, group or second address. {@code a@x.com,bob} or {@code Bob <b@x.com>} are not one
 * address: taken as they are, jakarta.mail would make them several recipients or a different one. The candidate's
 * email is chosen with this check and the email is addressed with it again, so a field never becomes two recipients.
 */
public final class SingleEmailAddress {
    private SingleEmailAddress() {
    }

    /** The address, when {@code text} (surrounding blanks aside) is exactly one valid address; else empty. */
    public static Optional<InternetAddress> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String address = text.strip();
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

    /** A domain an address on the internet can have: labels separated by dots, none empty ({@code a@b} is local). */
    private static boolean hasDottedDomain(String address) {
        String domain = address.substring(address.lastIndexOf('@') + 1);
        return domain.contains(".") && !domain.startsWith("[") && !domain.startsWith(".") && !domain.endsWith(".")
                && !domain.contains("..");
    }
}

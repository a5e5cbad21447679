package dev.candidaterouter.masking;

/**
 * Masks personal data before it reaches a log line: enough left to recognise a record when debugging with the
 * customer, not enough to contact the person.
 */
public final class ContactMask {
    private ContactMask() {
    }

    /** {@code jane.doe@example.com} → {@code j***@e***.com}. */
    public static String email(String email) {
        if (email == null || email.isBlank()) {
            return "-";
        }
        int at = email.indexOf('@');
        if (at <= 0) {
            return "***";
        }
        String domain = email.substring(at + 1);
        int dot = domain.lastIndexOf('.');
        String tld = dot >= 0 ? domain.substring(dot) : "";
        String host = dot > 0 ? domain.substring(0, 1) + "***" : "***";
        return email.charAt(0) + "***@" + host + tld;
    }

    /** {@code +14155550123} → {@code +1*******23}: country digit and last two digits only. */
    public static String phone(String phone) {
        if (phone == null || phone.isBlank()) {
            return "-";
        }
        String p = phone.strip();
        if (p.length() <= 4) {
            return "***";
        }
        return p.substring(0, 2) + "*".repeat(p.length() - 4) + p.substring(p.length() - 2);
    }

    /** {@code Zoë Ångström} → {@code Z. Å.}: initials only. */
    public static String name(String first, String last) {
        return initial(first) + " " + initial(last);
    }

    private static String initial(String s) {
        if (s == null || s.isBlank()) {
            return "?";
        }
        return new String(Character.toChars(s.strip().codePointAt(0))) + ".";
    }
}

package dev.candidaterouter.knit;

/**
 * A request's text (a header value) made safe for one log line: printable ASCII only, quoted, clipped. The
 * sender chooses these bytes; unchecked they could forge log lines or fill the log.
 */
final class LogText {
    static final int MAX = 80;

    private LogText() {
    }

    static String clip(String value) {
        if (value == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX) + 5).append('\'');
        for (int i = 0; i < value.length() && i < MAX; i++) {
            char c = value.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.append(value.length() > MAX ? "...'" : "'").toString();
    }
}

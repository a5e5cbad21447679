package dev.candidaterouter.logging;

import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.rewrite.RewritePolicy;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;

/**
 * Log4j rewrite policy (log4j2.xml) that blanks every known secret value ({@link SecretValues}) out of a log
 * event's message and exception messages before any layout formats it, so plain and JSON output are both clean.
 */
@Plugin(name = "SecretMaskPolicy", category = Core.CATEGORY_NAME, elementType = "rewritePolicy", printObject = true)
public final class SecretMaskPolicy implements RewritePolicy {
    @PluginFactory
    public static SecretMaskPolicy create() {
        return new SecretMaskPolicy();
    }

    @Override
    public LogEvent rewrite(LogEvent event) {
        if (!SecretValues.any()) {
            return event;
        }
        String message = event.getMessage().getFormattedMessage();
        String masked = SecretValues.mask(message);
        Throwable thrown = event.getThrown();
        Throwable maskedThrown = thrown == null ? null : MaskedThrowable.of(thrown);
        if (masked.equals(message) && maskedThrown == thrown) {
            return event;
        }
        return new Log4jLogEvent.Builder(event).setMessage(new SimpleMessage(masked)).setThrown(maskedThrown)
                .setThrownProxy(null).build();
    }

    /**
     * A copy of an exception chain whose messages had a secret in them: same classes' names and stack frames,
     * causes and suppressed exceptions (try-with-resources attaches a failed close() there, and layouts print them).
     */
    static final class MaskedThrowable extends RuntimeException {
        private final String originalClass;

        private MaskedThrowable(String originalClass, String message, Throwable cause) {
            super(message, cause, true, true);
            this.originalClass = originalClass;
        }

        static Throwable of(Throwable t) {
            if (!containsSecret(t, 0)) {
                return t;
            }
            return copy(t, 0);
        }

        private static boolean containsSecret(Throwable t, int depth) {
            if (t == null || depth > 20) {
                return false;
            }
            String m = t.getMessage();
            if ((m != null && !SecretValues.mask(m).equals(m)) || containsSecret(t.getCause(), depth + 1)) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (containsSecret(suppressed, depth + 1)) {
                    return true;
                }
            }
            return false;
        }

        private static Throwable copy(Throwable t, int depth) {
            Throwable cause = t.getCause() == null || depth > 20 ? null : copy(t.getCause(), depth + 1);
            MaskedThrowable copy = new MaskedThrowable(t.getClass().getName(), SecretValues.mask(t.getMessage()), cause);
            copy.setStackTrace(t.getStackTrace());
            if (depth <= 20) {
                for (Throwable suppressed : t.getSuppressed()) {
                    copy.addSuppressed(copy(suppressed, depth + 1));
                }
            }
            return copy;
        }

        @Override
        public String toString() {
            return getMessage() == null ? originalClass : originalClass + ": " + getMessage();
        }
    }
}

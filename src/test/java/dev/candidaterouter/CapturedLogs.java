package dev.candidaterouter;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.layout.PatternLayout;

/** Everything the application logs while open, as the formatted lines an operator would read (with stack traces). */
public final class CapturedLogs extends AbstractAppender implements AutoCloseable {
    private final List<String> lines = new ArrayList<>();

    private CapturedLogs() {
        super("captured", null, PatternLayout.newBuilder().withPattern("%-5level %c - %msg%n%throwable").build(), true,
                Property.EMPTY_ARRAY);
    }

    public static CapturedLogs capture() {
        CapturedLogs logs = new CapturedLogs();
        logs.start0();
        return logs;
    }

    private void start0() {
        super.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        config.getRootLogger().addAppender(this, null, null);
        config.getLoggers().values().forEach(l -> l.addAppender(this, null, null));
        context.updateLoggers();
    }

    @Override
    public synchronized void append(LogEvent event) {
        lines.add(new String(getLayout().toByteArray(event), java.nio.charset.StandardCharsets.UTF_8));
    }

    public synchronized String text() {
        return String.join("", lines);
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        config.getRootLogger().removeAppender(getName());
        config.getLoggers().values().forEach(l -> l.removeAppender(getName()));
        context.updateLoggers();
        stop();
    }
}

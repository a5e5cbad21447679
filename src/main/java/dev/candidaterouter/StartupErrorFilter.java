package dev.candidaterouter;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.filter.AbstractFilter;

/**
 * Keeps Camel's own report of a failed start ("Error starting CamelContext ...", with the message and a stack
 * trace) out of the log when the cause is a wrong setting or broken rules: {@link Application} reports those once,
 * without a stack trace. Any other failure is still logged by Camel in full.
 */
final class StartupErrorFilter extends AbstractFilter {
    private StartupErrorFilter() {
        super(Filter.Result.DENY, Filter.Result.NEUTRAL);
    }

    static void install() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getLoggerConfig("org.apache.camel").addFilter(new StartupErrorFilter());
        context.updateLoggers();
    }

    @Override
    public Result filter(LogEvent event) {
        return event.getThrown() != null && Application.configurationProblem(event.getThrown()).isPresent()
                ? onMatch : onMismatch;
    }
}

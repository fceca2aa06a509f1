package dev.velt.camel.component.support;

import java.util.List;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.test.appender.ListAppender;

/**
 * Captures what one logger (and its children) writes at {@code level} and above while open, keeping it out of the
 * console; closing restores the logger as it was.
 */
public final class LogCapture implements AutoCloseable {

    private final String loggerName;
    private final ListAppender appender;
    private final LoggerConfig replaced;

    public LogCapture(String loggerName, Level level) {
        this.loggerName = loggerName;
        LoggerContext logContext = (LoggerContext) LogManager.getContext(false);
        Configuration config = logContext.getConfiguration();
        appender = new ListAppender("capture-" + loggerName);
        appender.start();
        config.addAppender(appender);
        replaced = config.getLoggers().get(loggerName);
        if (replaced != null) {
            config.removeLogger(loggerName);
        }
        LoggerConfig logger = LoggerConfig.newBuilder().withLoggerName(loggerName).withLevel(level).withAdditivity(false)
                .withConfig(config).build();
        logger.addAppender(appender, null, null);
        config.addLogger(loggerName, logger);
        logContext.updateLoggers();
    }

    /** The formatted messages captured so far, each prefixed with its level. */
    public List<String> lines() {
        return appender.getEvents().stream()
                .map(event -> event.getLevel() + " " + event.getMessage().getFormattedMessage())
                .toList();
    }

    /** As {@link #lines()}, each followed by the chain of its exception's causes, if any. */
    public List<String> linesWithCauses() {
        return appender.getEvents().stream().map(event -> {
            StringBuilder line = new StringBuilder(event.getLevel() + " " + event.getMessage().getFormattedMessage());
            for (Throwable cause = event.getThrown(); cause != null; cause = cause.getCause()) {
                line.append(" | ").append(cause);
            }
            return line.toString();
        }).toList();
    }

    @Override
    public void close() {
        LoggerContext logContext = (LoggerContext) LogManager.getContext(false);
        Configuration config = logContext.getConfiguration();
        config.removeLogger(loggerName);
        if (replaced != null) {
            config.addLogger(loggerName, replaced);
        }
        config.getAppenders().remove(appender.getName());
        appender.stop();
        logContext.updateLoggers();
    }
}

package dev.backtest.server.config;

import dev.backtest.sdk.config.BacktestConfig;

import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Applies LOG_LEVEL to this application's loggers and, with LOG_FORMAT=json, JSON lines on the console; the access
 * log gets its own asynchronous console handler (see {@link AsyncConsoleHandler}).
 */
final class LogSetup {

    private LogSetup() {
    }

    /**
     * The access logger and its handler. Whoever configures a JUL logger must keep it: the log manager holds
     * loggers weakly, and a collected one comes back unconfigured.
     */
    record AccessLogging(Logger logger, Handler handler) implements AutoCloseable {
        @Override
        public void close() {
            logger.removeHandler(handler);
            handler.close();
        }
    }

    /** Configures logging; returns the access log's configuration, to be kept and closed when the application stops. */
    static AccessLogging apply(BacktestConfig config) {
        Level level = switch (config.logLevel()) {
            case "TRACE" -> Level.FINEST;
            case "DEBUG" -> Level.FINE;
            case "WARN" -> Level.WARNING;
            case "ERROR" -> Level.SEVERE;
            default -> Level.INFO;
        };
        Logger.getLogger("dev.backtest").setLevel(level);
        Formatter console = new SimpleFormatter();
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            if (h instanceof ConsoleHandler || h.getClass().getSimpleName().contains("Console")) {
                if (config.logFormat().equals("json")) {
                    h.setFormatter(new JsonLogFormatter());
                }
                console = h.getFormatter();
            }
        }
        Logger access = Logger.getLogger(JsonLogFormatter.ACCESS_LOGGER);
        for (Handler old : access.getHandlers()) {
            access.removeHandler(old);
            old.close();
        }
        Handler handler = new AsyncConsoleHandler(console, System.err);
        access.addHandler(handler);
        access.setUseParentHandlers(false);
        return new AccessLogging(access, handler);
    }
}

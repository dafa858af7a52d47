package dev.backtest.server.config;

import dev.backtest.sdk.BacktestConfig;

import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Applies LOG_LEVEL to this application's loggers and, with LOG_FORMAT=json, JSON lines on the console. */
final class LogSetup {

    private LogSetup() {
    }

    static void apply(BacktestConfig config) {
        Level level = switch (config.logLevel()) {
            case "TRACE" -> Level.FINEST;
            case "DEBUG" -> Level.FINE;
            case "WARN" -> Level.WARNING;
            case "ERROR" -> Level.SEVERE;
            default -> Level.INFO;
        };
        Logger.getLogger("dev.backtest").setLevel(level);
        if (config.logFormat().equals("json")) {
            Logger root = Logger.getLogger("");
            for (Handler h : root.getHandlers()) {
                if (h instanceof ConsoleHandler || h.getClass().getSimpleName().contains("Console")) {
                    h.setFormatter(new JsonLogFormatter());
                }
            }
        }
    }
}

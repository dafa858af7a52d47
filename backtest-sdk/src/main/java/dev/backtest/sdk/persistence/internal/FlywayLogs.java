package dev.backtest.sdk.persistence.internal;

import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flyway's logging through SLF4J with its progress ("Migrating schema ...", "Schema is up to date") at DEBUG: opening a
 * client says nothing at INFO; warnings and errors stay as they are.
 *
 * <pre>{@code
 * Flyway.configure().loggers(FlywayLogs.class.getName()).dataSource(dataSource).load().migrate();
 * }</pre>
 */
public final class FlywayLogs implements LogCreator {

    @Override
    public Log createLogger(Class<?> clazz) {
        Logger log = LoggerFactory.getLogger(clazz);
        return new Log() {
            @Override
            public boolean isDebugEnabled() {
                return log.isDebugEnabled();
            }

            @Override
            public void debug(String message) {
                log.debug(message);
            }

            @Override
            public void info(String message) {
                log.debug(message);
            }

            @Override
            public void warn(String message) {
                log.warn(message);
            }

            @Override
            public void error(String message) {
                log.error(message);
            }

            @Override
            public void error(String message, Exception e) {
                log.error(message, e);
            }

            @Override
            public void notice(String message) {
                log.debug(message);
            }
        };
    }
}

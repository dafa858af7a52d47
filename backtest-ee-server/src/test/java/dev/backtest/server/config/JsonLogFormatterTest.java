package dev.backtest.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLogFormatterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonLogFormatter formatter = new JsonLogFormatter();

    @Test
    void linesLoggedDuringARequestCarryItsRequestAndTraceIds() throws Exception {
        JsonNode line;
        try (LogContext.Scope ignored = LogContext.open("req-1", "4bf92f3577b34da6a3ce929d0e0e4736")) {
            line = JSON.readTree(formatter.format(record("dev.backtest.x", "hello \"world\"")));
        }
        assertThat(line.path("request_id").asText()).isEqualTo("req-1");
        assertThat(line.path("trace_id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(line.path("message").asText()).isEqualTo("hello \"world\"");
    }

    @Test
    void linesOutsideARequestHaveNoIds() throws Exception {
        try (LogContext.Scope ignored = LogContext.open("req-2", "trace")) {
            // closed at once
        }
        JsonNode line = JSON.readTree(formatter.format(record("dev.backtest.x", "idle")));
        assertThat(line.has("request_id")).isFalse();
        assertThat(line.has("trace_id")).isFalse();
        assertThat(LogContext.current()).isNull();
    }

    @Test
    void accessLinesKeepTheirOwnIds() throws Exception {
        JsonNode line;
        try (LogContext.Scope ignored = LogContext.open("req-3", "trace-3")) {
            line = JSON.readTree(formatter.format(record(JsonLogFormatter.ACCESS_LOGGER,
                    "{\"request_id\":\"req-3\",\"trace_id\":\"trace-3\",\"status\":200}")));
        }
        assertThat(line.has("request_id")).isFalse();
        assertThat(line.path("access").path("request_id").asText()).isEqualTo("req-3");
        assertThat(line.path("access").path("trace_id").asText()).isEqualTo("trace-3");
    }

    private static LogRecord record(String logger, String message) {
        LogRecord r = new LogRecord(Level.INFO, message);
        r.setLoggerName(logger);
        return r;
    }
}

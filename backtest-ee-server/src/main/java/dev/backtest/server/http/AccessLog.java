package dev.backtest.server.http;

import dev.backtest.server.config.JsonLogFormatter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * One structured line per request: request id, trace id, method, path (never the query string, which may
 * carry keys), status and duration. Logged at INFO on {@code dev.backtest.access}.
 */
final class AccessLog {

    private static final Logger ACCESS = LoggerFactory.getLogger(JsonLogFormatter.ACCESS_LOGGER);

    private AccessLog() {
    }

    static void log(HttpServletRequest req, HttpServletResponse res, long start) {
        if (!ACCESS.isInfoEnabled()) {
            return;
        }
        StringBuilder line = new StringBuilder(160).append("{\"request_id\":");
        JsonLogFormatter.quote(line, RequestIds.of(req));
        line.append(",\"trace_id\":");
        TraceContext trace = TraceContext.of(req);
        JsonLogFormatter.quote(line, trace == null ? null : trace.traceId());
        line.append(",\"method\":");
        JsonLogFormatter.quote(line, req.getMethod());
        line.append(",\"path\":");
        JsonLogFormatter.quote(line, req.getRequestURI());
        line.append(",\"status\":").append(res.getStatus()).append(",\"duration_ms\":");
        milliseconds(line, System.nanoTime() - start);
        line.append('}');
        ACCESS.info("{}", line);
    }

    /**
     * Nanoseconds as milliseconds with two decimals, rounded half up ({@code 1234567} → {@code 1.23}): by hand, since
     * {@code String.format} builds a formatter and parses its pattern on every request.
     */
    static void milliseconds(StringBuilder out, long nanos) {
        long hundredths = (Math.max(0, nanos) + 5_000) / 10_000;
        out.append(hundredths / 100).append('.');
        long rest = hundredths % 100;
        if (rest < 10) {
            out.append('0');
        }
        out.append(rest);
    }
}

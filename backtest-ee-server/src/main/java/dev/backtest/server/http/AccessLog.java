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
        line.append(",\"status\":").append(res.getStatus()).append(",\"duration_ms\":")
                .append(String.format(java.util.Locale.ROOT, "%.2f", (System.nanoTime() - start) / 1e6)).append('}');
        ACCESS.info("{}", line);
    }
}

package dev.backtest.server.config;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One JSON object per line: time, level, logger, thread, the {@code request_id} and {@code trace_id} of the request
 * the thread works for ({@link LogContext}, when it works for one), message and, when present, the error.
 */
public final class JsonLogFormatter extends Formatter {

    /** The logger whose messages are JSON objects already. */
    public static final String ACCESS_LOGGER = "dev.backtest.access";

    @Override
    public String format(LogRecord r) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"ts\":\"").append(Instant.ofEpochMilli(r.getMillis())).append("\",\"level\":\"").append(r.getLevel().getName())
                .append("\",\"logger\":");
        quote(sb, r.getLoggerName());
        sb.append(",\"thread\":").append(r.getLongThreadID());
        String message = formatMessage(r);
        boolean access = ACCESS_LOGGER.equals(r.getLoggerName()) && message.startsWith("{") && message.endsWith("}");
        // formatted on the logging thread (the console handlers format in publish): its request is the one logging
        LogContext.Ids ids = LogContext.current();
        if (ids != null && !access) { // an access line carries its own ids
            sb.append(",\"request_id\":");
            quote(sb, ids.requestId());
            sb.append(",\"trace_id\":");
            quote(sb, ids.traceId());
        }
        if (access) {
            // access lines are built as JSON objects by AccessLog: embed them, don't quote them
            sb.append(",\"access\":").append(message);
        } else {
            sb.append(",\"message\":");
            quote(sb, message);
        }
        if (r.getThrown() != null) {
            StringWriter trace = new StringWriter();
            r.getThrown().printStackTrace(new PrintWriter(trace));
            sb.append(",\"error\":");
            quote(sb, trace.toString());
        }
        return sb.append("}\n").toString();
    }

    /** Appends {@code value} as a JSON string. */
    public static void quote(StringBuilder sb, String value) {
        if (value == null) {
            sb.append("null");
            return;
        }
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}

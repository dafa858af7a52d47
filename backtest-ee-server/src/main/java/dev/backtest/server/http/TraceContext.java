package dev.backtest.server.http;

import jakarta.servlet.http.HttpServletRequest;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The W3C Trace Context of a request (<a href="https://www.w3.org/TR/trace-context/">traceparent</a>): the caller's
 * trace id when its {@code traceparent} header is valid, else a new trace; and this server's own span id, which the
 * response's {@code traceparent} names as the parent of whatever the caller does next. An invalid header is never
 * echoed: it is replaced by a new trace.
 *
 * <pre>{@code
 * TraceContext trace = TraceContext.accept(request.getHeader(TraceContext.HEADER));
 * response.setHeader(TraceContext.HEADER, trace.traceparent()); // 00-<trace id>-<this span>-<flags>
 * }</pre>
 *
 * @param traceId  32 lower-case hex digits, not all zero
 * @param parentId the caller's span id (16 hex digits), or null when this server started the trace
 * @param spanId   this server's span id for the request, 16 hex digits, not all zero
 * @param flags    the trace flags, 2 hex digits (the caller's, or {@code 00}: not sampled, for a new trace)
 */
public record TraceContext(String traceId, String parentId, String spanId, String flags) {

    public static final String HEADER = "traceparent";
    /** The request attribute holding the request's trace context. */
    public static final String ATTRIBUTE = "dev.backtest.trace-context";

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /**
     * The trace of a request whose {@code traceparent} header is {@code header} (null when absent): version
     * {@code 00}, a 32-hex trace id and a 16-hex parent id, neither all zero, and 2-hex flags, all lower case, in
     * exactly 55 characters. Anything else starts a new trace.
     */
    public static TraceContext accept(String header) {
        String span = randomHex(16);
        if (header != null && valid(header.strip())) {
            String h = header.strip();
            return new TraceContext(h.substring(3, 35), h.substring(36, 52), span, h.substring(53, 55));
        }
        return new TraceContext(randomHex(32), null, span, "00");
    }

    /** The header value naming this server's span as the parent: {@code 00-<trace id>-<span id>-<flags>}. */
    public String traceparent() {
        return "00-" + traceId + "-" + spanId + "-" + flags;
    }

    /** The trace context given to this request, or null outside a request (or before the request id filter ran). */
    public static TraceContext of(HttpServletRequest request) {
        return request != null && request.getAttribute(ATTRIBUTE) instanceof TraceContext t ? t : null;
    }

    static boolean valid(String h) {
        return h.length() == 55 && h.startsWith("00-") && h.charAt(35) == '-' && h.charAt(52) == '-'
                && lowerHex(h, 3, 35) && lowerHex(h, 36, 52) && lowerHex(h, 53, 55) && !zeros(h, 3, 35) && !zeros(h, 36, 52);
    }

    private static boolean lowerHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean zeros(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

    /**
     * Random lower-case hex, never all zero, from {@link ThreadLocalRandom}: trace and span ids must be unique, not
     * unguessable (the same reasoning as {@link RequestIds}).
     */
    private static String randomHex(int digits) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] out = new char[digits];
        boolean zero = true;
        for (int i = 0; i < digits; i++) {
            int d = random.nextInt(16);
            zero &= d == 0;
            out[i] = HEX[d];
        }
        if (zero) {
            out[digits - 1] = '1';
        }
        return new String(out);
    }
}

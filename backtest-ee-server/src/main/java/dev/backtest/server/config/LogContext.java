package dev.backtest.server.config;

/**
 * The request a thread is working for, so that {@link JsonLogFormatter} can put its {@code request_id} and
 * {@code trace_id} on every line logged while the request runs. Opened by the request id filter around the filter
 * chain and closed when the request leaves it; work handed to other threads (the run queue, event streams) logs
 * without them.
 *
 * <pre>{@code
 * try (LogContext.Scope ignored = LogContext.open(requestId, traceId)) {
 *     chain.doFilter(request, response); // lines logged here carry both ids
 * }
 * }</pre>
 *
 * <p>A plain (not inheritable) thread-local: SLF4J's MDC for JUL copies its values into threads started during a
 * request, such as the run queue's workers started on the first run, which would then log that request's id forever.
 */
public final class LogContext {

    /** The ids of the request the current thread works for. */
    public record Ids(String requestId, String traceId) {
    }

    /** Closes what {@link #open} opened; closing restores what the thread had before (nothing, outside nested dispatches). */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    // per thread, set and cleared by the request id filter only
    private static final ThreadLocal<Ids> CURRENT = new ThreadLocal<>();

    private LogContext() {
    }

    /** Marks the current thread as working for the request with these ids until the scope is closed. */
    public static Scope open(String requestId, String traceId) {
        Ids previous = CURRENT.get();
        CURRENT.set(new Ids(requestId, traceId));
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** The ids of the request the current thread works for, or null. */
    public static Ids current() {
        return CURRENT.get();
    }
}

package dev.backtest.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The one unchecked exception the SDK throws. {@link #code()} is stable and machine-readable;
 * the message says what was wrong, with the offending value, and what is accepted.
 * {@link #details()} carries structured extras (for example {@code required} and
 * {@code available} for {@link ErrorCode#INSUFFICIENT_CAPITAL}) that the server copies into the
 * problem document.
 *
 * <pre>{@code
 * throw BacktestException.of(ErrorCode.INVALID_SYMBOL, "symbol 'btc/..' is invalid; accepted: ^[A-Z0-9._-]{1,20}$")
 *         .with("symbol", "btc/..");
 * }</pre>
 */
public class BacktestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final Map<String, Object> details;

    public BacktestException(ErrorCode code, String message) {
        this(code, message, null, Map.of());
    }

    public BacktestException(ErrorCode code, String message, Throwable cause) {
        this(code, message, cause, Map.of());
    }

    protected BacktestException(ErrorCode code, String message, Throwable cause, Map<String, Object> details) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static BacktestException of(ErrorCode code, String message) {
        return new BacktestException(code, message);
    }

    /** A copy of this exception with one more detail entry. */
    public BacktestException with(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(details);
        more.put(key, value);
        BacktestException copy = new BacktestException(code, getMessage(), getCause(), more);
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    public ErrorCode code() {
        return code;
    }

    /** Whether trying again later may succeed (the database or object store was unreachable, say). */
    public boolean retryable() {
        return code.retryable();
    }

    /** Structured extras, in insertion order; never null. */
    public Map<String, Object> details() {
        return details;
    }
}

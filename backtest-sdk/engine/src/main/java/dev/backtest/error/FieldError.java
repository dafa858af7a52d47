package dev.backtest.error;

/**
 * One invalid request field: its name as the client sent it (snake_case) and what was wrong.
 * Listed under {@code errors} in the details of a {@link ErrorCode#VALIDATION_FAILED} exception.
 *
 * <pre>{@code
 * new FieldError("initial_capital", "must be > 0 and <= 1e12; got -5")
 * }</pre>
 */
public record FieldError(String field, String message) {
}

package dev.backtest.error;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects every invalid field of one request so a client learns all its mistakes at once, then
 * throws one {@link ErrorCode#VALIDATION_FAILED} exception whose {@code errors} detail lists them.
 * Not thread-safe: one per request.
 *
 * <pre>{@code
 * FieldErrors errors = new FieldErrors();
 * errors.require("name", name);
 * errors.amount("initial_capital", capital, BigDecimal.ONE.scaleByPowerOfTen(12));
 * errors.throwIfAny();
 * }</pre>
 */
public final class FieldErrors {

    private static final int MAX_PLAIN_DIGITS = 40;
    private static final MathContext SHOWN_PRECISION = new MathContext(6);

    private final List<FieldError> errors = new ArrayList<>();

    public FieldErrors add(String field, String message) {
        errors.add(new FieldError(field, message));
        return this;
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public boolean has(String field) {
        return errors.stream().anyMatch(e -> e.field().equals(field));
    }

    /** Records an error when {@code value} is null (or a blank string); returns whether it was present. */
    public boolean require(String field, Object value) {
        if (value == null || value instanceof String s && s.isBlank()) {
            add(field, "is required");
            return false;
        }
        return true;
    }

    /** A trimmed text of 1..max characters; returns it or null after recording an error. */
    public String text(String field, String value, int max, boolean required) {
        if (value == null) {
            if (required) {
                add(field, "is required");
            }
            return null;
        }
        String t = value.strip();
        if (t.isEmpty()) {
            add(field, "must not be blank");
            return null;
        }
        if (t.length() > max) {
            add(field, "must be at most " + max + " characters; got " + t.length());
            return null;
        }
        if (t.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
            add(field, "must not contain control characters");
            return null;
        }
        return t;
    }

    /** An amount with {@code 0 < value <= max} (or {@code 0 <= value} when zero is allowed). */
    public BigDecimal amount(String field, BigDecimal value, BigDecimal max, boolean zeroAllowed) {
        if (value == null) {
            return null;
        }
        int sign = value.signum();
        if (sign < 0 || sign == 0 && !zeroAllowed || value.compareTo(max) > 0) {
            add(field, "must be " + (zeroAllowed ? ">= 0" : "> 0") + " and <= " + max.toPlainString() + "; got " + shown(value));
            return null;
        }
        return value;
    }

    /**
     * A client's number as an error message may quote it: plain when that is short, else in scientific
     * notation to six digits. {@code toPlainString()} of {@code 1e999999999} (eleven characters of JSON)
     * would build a string of a billion digits.
     */
    public static String shown(BigDecimal value) {
        if (value == null) {
            return "null";
        }
        long plainDigits = (long) value.precision() + Math.abs((long) value.scale());
        if (plainDigits <= MAX_PLAIN_DIGITS) {
            return value.toPlainString();
        }
        return value.round(SHOWN_PRECISION).toString();
    }

    /**
     * Runs a validation that may fail with its own field errors: its result, or null after its errors were added here
     * (so that one request's mistakes are reported together). Other exceptions pass through.
     */
    @SuppressWarnings("unchecked")
    public <T> T collect(Supplier<T> validation) {
        try {
            return validation.get();
        } catch (BacktestException e) {
            if (e.code() != ErrorCode.VALIDATION_FAILED || !(e.details().get("errors") instanceof List<?> list)) {
                throw e;
            }
            ((List<FieldError>) list).forEach(errors::add);
            return null;
        }
    }

    /**
     * Runs a single-value check (a parse, say) and records its message against {@code field} when it fails: its
     * result, or null after the error was recorded. Other exceptions pass through.
     */
    public <T> T check(String field, Supplier<T> check) {
        try {
            return check.get();
        } catch (BacktestException e) {
            add(field, e.getMessage());
            return null;
        }
    }

    /**
     * Runs {@code call}; an error it raises without field errors gets one for {@code field}, keeping its own code
     * (so {@code INVALID_SYMBOL} stays {@code INVALID_SYMBOL} but names the request field it came from).
     */
    public static <T> T about(String field, Supplier<T> call) {
        try {
            return call.get();
        } catch (BacktestException e) {
            if (e.details().containsKey("errors")) {
                throw e;
            }
            throw e.with("errors", List.of(new FieldError(field, e.getMessage())));
        }
    }

    /** The errors so far, in the order they were found. */
    public List<FieldError> list() {
        return List.copyOf(errors);
    }

    /** The errors as one sentence: {@code field message; field message}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < errors.size(); i++) {
            FieldError e = errors.get(i);
            sb.append(i == 0 ? "" : "; ").append(e.field()).append(' ').append(e.message());
        }
        return sb.toString();
    }

    /** Throws {@link ErrorCode#VALIDATION_FAILED} listing every error, if there is any. */
    public void throwIfAny() {
        if (errors.isEmpty()) {
            return;
        }
        throw BacktestException.of(ErrorCode.VALIDATION_FAILED, "invalid request: " + describe()).with("errors", List.copyOf(errors));
    }

    /** A single-field validation failure. */
    public static BacktestException single(String field, String message) {
        return new FieldErrors().add(field, message).toException();
    }

    private BacktestException toException() {
        try {
            throwIfAny();
        } catch (BacktestException e) {
            return e;
        }
        throw new IllegalStateException("no errors");
    }
}

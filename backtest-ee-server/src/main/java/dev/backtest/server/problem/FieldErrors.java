package dev.backtest.server.problem;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Collects what is wrong with a request's fields, so one 400 problem lists them all in
 * {@code errors: [{field, message}]} instead of the client fixing them one round trip at a time.
 */
public final class FieldErrors {

    private final List<Map<String, String>> errors = new ArrayList<>();

    public void add(String field, String message) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("field", field);
        e.put("message", message);
        errors.add(e);
    }

    /** Runs an SDK check, recording its message against {@code field} when it fails; null then. */
    public <T> T check(String field, Supplier<T> check) {
        try {
            return check.get();
        } catch (BacktestException e) {
            add(field, e.getMessage());
            return null;
        }
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    /** Throws {@code VALIDATION_FAILED} listing every error, if there is any. */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw BacktestException.of(ErrorCode.VALIDATION_FAILED, errors.size() == 1
                            ? errors.get(0).get("field") + ": " + errors.get(0).get("message")
                            : errors.size() + " fields are invalid; see errors")
                    .with("errors", List.copyOf(errors));
        }
    }

    /** Runs {@code call}; an SDK error it raises gets an {@code errors} entry for {@code field} (same code and status). */
    public static <T> T about(String field, Supplier<T> call) {
        try {
            return call.get();
        } catch (BacktestException e) {
            if (e.details().containsKey("errors")) {
                throw e;
            }
            throw e.with("errors", List.of(Map.of("field", field, "message", e.getMessage())));
        }
    }
}

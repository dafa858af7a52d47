package dev.backtest.server.api.v1;

import dev.backtest.error.BacktestException;
import dev.backtest.error.FieldErrors;

import java.util.UUID;
import java.util.function.Function;

/** Path ids: a malformed id is answered exactly like a missing one. */
final class Ids {

    private Ids() {
    }

    static UUID parse(String raw, Function<Object, BacktestException> notFound) {
        try {
            UUID id = UUID.fromString(raw);
            if (id.toString().equalsIgnoreCase(raw)) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw notFound.apply(raw);
    }

    /**
     * The id of something under a backtest (a sweep, a walk-forward): a malformed one is a missing one, reported once
     * the backtest itself has been checked, so that another user's backtest answers as not found, as it would for a
     * well-formed id.
     */
    static UUID underBacktest(String raw, Runnable checkBacktest, Function<Object, BacktestException> notFound) {
        return parse(raw, bad -> {
            checkBacktest.run();
            return notFound.apply(bad);
        });
    }

    static boolean flag(String name, String raw) {
        if (raw == null || raw.equals("false")) {
            return false;
        }
        if (raw.equals("true")) {
            return true;
        }
        throw FieldErrors.single(name, "must be true or false; got '" + raw + "'");
    }
}

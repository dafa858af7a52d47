package dev.backtest.sdk.backtest.internal;

import dev.backtest.sdk.backtest.BacktestService;
import jakarta.persistence.EntityManager;

import java.util.UUID;

/**
 * Finding a user's backtest inside a transaction: the one lookup every service uses, so another user's backtest
 * answers exactly like a missing one.
 *
 * <pre>{@code
 * Backtest b = Backtests.owned(em, me, backtestId);   // BACKTEST_NOT_FOUND for a missing, deleted or foreign one
 * }</pre>
 */
public final class Backtests {

    private Backtests() {
    }

    /** The live backtest if {@code userId} owns it; otherwise the same not-found error as a missing id. */
    public static Backtest owned(EntityManager em, UUID userId, UUID backtestId) {
        Backtest b = backtestId == null ? null : em.find(Backtest.class, backtestId);
        if (b == null || b.isDeleted() || !b.getUserId().equals(userId)) {
            throw BacktestService.notFound(backtestId);
        }
        return b;
    }

}

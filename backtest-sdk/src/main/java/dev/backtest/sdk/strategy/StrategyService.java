package dev.backtest.sdk.strategy;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Saved strategies of one user, plus read access to other users' public ones. Every method takes
 * the acting user's id; a strategy the user may not see behaves exactly like a missing one
 * ({@link ErrorCode#STRATEGY_NOT_FOUND}). Thread-safe; get it from
 * {@link dev.backtest.sdk.BacktestClient#strategies()}.
 *
 * <pre>{@code
 * StrategyView s = client.strategies().create(me,
 *         new StrategyInput("Fast cross", null, "sma_cross", Map.of("fast", 5), false));
 * Page<StrategyView> mine = client.strategies().list(me, PageRequest.first(50), false);
 * }</pre>
 */
public interface StrategyService {

    /** Longest strategy name, in characters. */
    int MAX_NAME = 100;
    /** Longest strategy description, in characters. */
    int MAX_DESCRIPTION = 2000;

    /**
     * Creates a strategy owned by {@code userId}.
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} listing each bad field,
     *         {@link ErrorCode#DUPLICATE_NAME} when the user already has a live strategy of that name
     */
    StrategyView create(UUID userId, StrategyInput input);

    /** A strategy the user owns, or a public one of another user. */
    StrategyView get(UUID userId, UUID strategyId);

    /**
     * Finds a strategy the user may read by id (a UUID string) or else by name, preferring the
     * user's own strategy of that name over a public one of another user.
     */
    Optional<StrategyView> findReadable(UUID userId, String idOrName);

    /** The user's live strategies and, with {@code includePublic}, other users' public ones. */
    Page<StrategyView> list(UUID userId, PageRequest page, boolean includePublic);

    /**
     * Changes the fields that are not null in {@code input}. Changing the type re-validates the
     * parameters (missing ones take the new type's defaults).
     *
     * @throws BacktestException {@link ErrorCode#STRATEGY_NOT_FOUND} unless the user owns it
     */
    StrategyView update(UUID userId, UUID strategyId, StrategyInput input);

    /**
     * Soft-deletes a strategy the user owns; it vanishes from lists and gets, and its name is free again.
     *
     * @throws BacktestException {@link ErrorCode#STRATEGY_NOT_FOUND} unless the user owns it
     */
    void delete(UUID userId, UUID strategyId);

    /** The error for a strategy id that does not exist, is deleted or cannot be read by the caller (also a malformed id). */
    static BacktestException notFound(Object strategyId) {
        return BacktestException.of(ErrorCode.STRATEGY_NOT_FOUND, "strategy " + strategyId + " does not exist")
                .with("strategy_id", String.valueOf(strategyId));
    }
}

package dev.backtest.sdk.backtest;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Backtests of one user. Every method takes the acting user's id; another user's backtest behaves
 * exactly like a missing one ({@link ErrorCode#BACKTEST_NOT_FOUND}). A queued or running backtest
 * cannot be changed or deleted ({@link ErrorCode#BACKTEST_INVALID_STATE}). Thread-safe; get it
 * from {@link dev.backtest.sdk.BacktestClient#backtests()}.
 *
 * <pre>{@code
 * BacktestView b = client.backtests().create(me, new BacktestInput("BTC 2024", "Fast cross", "BTC", "1h",
 *         LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31), new BigDecimal("10000"), null, null));
 * client.backtests().delete(me, b.id());
 * }</pre>
 */
public interface BacktestService {

    /** Longest backtest name, in characters. */
    int MAX_NAME = 200;
    /** Largest initial capital accepted. */
    BigDecimal MAX_CAPITAL = new BigDecimal("1000000000000");
    /** Commission rates are {@code 0 <= c < 0.1}. */
    BigDecimal MAX_COMMISSION_EXCLUSIVE = new BigDecimal("0.1");
    /** The commission rate of a backtest created without one. */
    BigDecimal DEFAULT_COMMISSION = new BigDecimal("0.001");

    /**
     * Creates a backtest in status {@code draft} with its cash equal to the initial capital.
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} listing each bad field (an
     *         unknown or unreadable strategy is reported on field {@code strategy})
     */
    BacktestView create(UUID userId, BacktestInput input);

    BacktestView get(UUID userId, UUID backtestId);

    /** The user's live backtests. */
    Page<BacktestView> list(UUID userId, PageRequest page);

    /**
     * Changes the fields that are not null in {@code input}. The initial capital and the symbol are
     * fixed once trades are recorded (cash and position derive from them).
     *
     * @throws BacktestException {@link ErrorCode#BACKTEST_NOT_FOUND}, {@link ErrorCode#BACKTEST_INVALID_STATE}
     *         when queued or running, {@link ErrorCode#VALIDATION_FAILED}
     */
    BacktestView update(UUID userId, UUID backtestId, BacktestInput input);

    /**
     * Soft-deletes the backtest: it vanishes from lists and gets, and its trades with it.
     *
     * @throws BacktestException {@link ErrorCode#BACKTEST_NOT_FOUND}, {@link ErrorCode#BACKTEST_INVALID_STATE} when queued or running
     */
    void delete(UUID userId, UUID backtestId);

    /** The error for a backtest id that does not exist, is deleted or belongs to another user (also a malformed id). */
    static BacktestException notFound(Object backtestId) {
        return BacktestException.of(ErrorCode.BACKTEST_NOT_FOUND, "backtest " + backtestId + " does not exist")
                .with("backtest_id", String.valueOf(backtestId));
    }
}

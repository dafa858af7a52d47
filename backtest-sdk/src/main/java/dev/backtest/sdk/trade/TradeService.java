package dev.backtest.sdk.trade;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Manual trades on a user's backtest. Recording one inserts it and updates the backtest's cash,
 * position and metrics in one transaction, guarded by the backtest's version (optimistic
 * locking); a writer that loses the race retries from scratch, up to 10 times with
 * a jittered backoff, then fails with {@link ErrorCode#CONCURRENT_MODIFICATION}.
 *
 * <p>Definitions (every figure is recomputed by replaying the backtest's trades in
 * {@code executed_at} order, so the result does not depend on the order in which concurrent
 * requests were committed):
 * <ul>
 *   <li>cash = initial capital − Σ buys (quantity × price + commission) + Σ sells (quantity × price − commission),
 *       each term rounded to 8 decimals (the column's scale);</li>
 *   <li>position = Σ bought quantity − Σ sold quantity; a sell larger than the position is
 *       rejected ({@link ErrorCode#INSUFFICIENT_POSITION}): manual trades never open a short;</li>
 *   <li>final capital = cash + position × price of the latest trade; total return % = (final − initial) / initial × 100;</li>
 *   <li>win rate % = winning sells / sells × 100, where a sell wins when its proceeds less its commission exceed
 *       its quantity times the average cost (buy prices plus buy commissions, averaged over the units held);
 *       null while there is no sell;</li>
 *   <li>a buy whose cost (quantity × price + commission) exceeds the cash fails with
 *       {@link ErrorCode#INSUFFICIENT_CAPITAL}, details {@code required} and {@code available}.</li>
 * </ul>
 * Thread-safe; get it from {@link dev.backtest.sdk.BacktestClient#trades()}.
 *
 * <pre>{@code
 * RecordedTrade r = client.trades().record(me, new TradeInput(backtestId, "BTC", "buy",
 *         new BigDecimal("0.1"), new BigDecimal("42000"), OffsetDateTime.now(), null));
 * }</pre>
 */
public interface TradeService {

    /** Largest quantity, price and commission of a trade. */
    BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");

    /**
     * Records a fill and updates the backtest atomically.
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED}, {@link ErrorCode#BACKTEST_NOT_FOUND},
     *         {@link ErrorCode#BACKTEST_INVALID_STATE} (queued or running), {@link ErrorCode#INSUFFICIENT_CAPITAL},
     *         {@link ErrorCode#INSUFFICIENT_POSITION}, {@link ErrorCode#CONCURRENT_MODIFICATION}
     */
    RecordedTrade record(UUID userId, TradeInput input);

    /**
     * The live trades of a backtest the user owns, by execution time ({@code -created_at}: newest
     * first; {@code created_at} and {@code name}: oldest first).
     */
    Page<TradeView> list(UUID userId, UUID backtestId, PageRequest page);
}

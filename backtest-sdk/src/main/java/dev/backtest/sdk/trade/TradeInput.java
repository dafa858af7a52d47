package dev.backtest.sdk.trade;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A manual fill to record on a backtest. {@code side} is {@code buy} or {@code sell};
 * {@code commission} is an amount in the quote currency (when null: the backtest's commission
 * rate times quantity times price).
 *
 * <pre>{@code
 * new TradeInput(backtestId, "BTC", "buy", new BigDecimal("0.5"), new BigDecimal("42000"),
 *         OffsetDateTime.parse("2024-03-01T12:00:00Z"), null)
 * }</pre>
 */
public record TradeInput(UUID backtestId, String symbol, String side, BigDecimal quantity, BigDecimal price, OffsetDateTime executedAt,
                         BigDecimal commission) {
}

package dev.backtest.sdk.backtest;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * A backtest as its owner sees it: its definition, status, the cash and position moved by
 * recorded trades, and its metrics.
 *
 * <pre>{@code
 * BacktestView b = client.backtests().get(me, id);
 * if (b.status().equals("draft")) { ... }
 * }</pre>
 */
public record BacktestView(UUID id, String name, UUID strategyId, String strategyName, String symbol, String timeframe,
                           LocalDate startDate, LocalDate endDate, BigDecimal initialCapital, BigDecimal commission,
                           Map<String, Object> parameters, String status, BigDecimal cash, BigDecimal positionQuantity,
                           Metrics metrics, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}

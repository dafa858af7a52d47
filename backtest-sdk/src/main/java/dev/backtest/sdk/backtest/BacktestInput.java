package dev.backtest.sdk.backtest;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

/**
 * The fields of a backtest a user sends. {@code strategy} is the id or the name of a strategy the
 * user may read (optional). On create, name, symbol, timeframe, the dates and the initial capital
 * are required and the commission defaults to 0.001; on update every null field keeps its value.
 *
 * <pre>{@code
 * new BacktestInput("BTC 2024", "Fast cross", "BTC", "1h", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31),
 *         new BigDecimal("10000"), new BigDecimal("0.001"), Map.of())
 * }</pre>
 */
public record BacktestInput(String name, String strategy, String symbol, String timeframe, LocalDate startDate, LocalDate endDate,
                            BigDecimal initialCapital, BigDecimal commission, Map<String, Object> parameters) {
}

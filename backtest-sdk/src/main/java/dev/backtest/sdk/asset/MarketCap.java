package dev.backtest.sdk.asset;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The market capitalisation of an asset on one day, in the asset's currency. In JSON: {@code date}, {@code value}.
 *
 * <pre>{@code
 * List<MarketCap> caps = client.assets().marketCaps("BTC", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31));
 * }</pre>
 */
public record MarketCap(LocalDate date, BigDecimal value) {
}

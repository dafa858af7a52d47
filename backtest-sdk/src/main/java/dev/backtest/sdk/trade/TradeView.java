package dev.backtest.sdk.trade;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A recorded fill.
 *
 * <pre>{@code
 * Page<TradeView> trades = client.trades().list(me, backtestId, PageRequest.first(50));
 * }</pre>
 */
public record TradeView(UUID id, UUID backtestId, String symbol, String side, BigDecimal quantity, BigDecimal price,
                        BigDecimal commission, OffsetDateTime executedAt, OffsetDateTime createdAt) {
}

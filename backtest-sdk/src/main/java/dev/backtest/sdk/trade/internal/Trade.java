package dev.backtest.sdk.trade.internal;

import dev.backtest.sdk.persistence.internal.SoftDeletableEntity;
import dev.backtest.sdk.trade.TradeSide;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A manually recorded fill on a backtest, as stored in the {@code trades} table.
 *
 * <pre>{@code
 * RecordedTrade t = client.trades().record(me, new TradeInput(backtestId, "BTC", "buy", new BigDecimal("0.1"),
 *         new BigDecimal("42000"), OffsetDateTime.parse("2024-03-01T12:00:00Z"), null));
 * Trade row = database.inTransaction(em -> em.find(Trade.class, t.trade().id()));
 * TradeSide side = row.getSide();   // BUY
 * }</pre>
 */
@Entity
@Table(name = "trades")
public class Trade extends SoftDeletableEntity {

    @Column(name = "user_id", nullable = false, updatable = false)
    private UUID userId;
    @Column(name = "backtest_id", nullable = false, updatable = false)
    private UUID backtestId;
    @Column(name = "symbol", nullable = false, length = 20)
    private String symbol;
    @Column(name = "side", nullable = false, length = 4)
    private String side;
    @Column(name = "quantity", nullable = false, precision = 28, scale = 10)
    private BigDecimal quantity;
    @Column(name = "price", nullable = false, precision = 24, scale = 10)
    private BigDecimal price;
    @Column(name = "commission", nullable = false, precision = 24, scale = 10)
    private BigDecimal commission;
    @Column(name = "executed_at", nullable = false)
    private OffsetDateTime executedAt;

    protected Trade() {
        // for JPA
    }

    public Trade(UUID userId, UUID backtestId, String symbol, TradeSide side, BigDecimal quantity, BigDecimal price,
                 BigDecimal commission, OffsetDateTime executedAt) {
        this.userId = userId;
        this.backtestId = backtestId;
        this.symbol = symbol;
        this.side = side.wire();
        this.quantity = quantity;
        this.price = price;
        this.commission = commission;
        this.executedAt = executedAt;
    }

    public UUID getUserId() { return userId; }
    public UUID getBacktestId() { return backtestId; }
    public String getSymbol() { return symbol; }
    public TradeSide getSide() { return TradeSide.fromWire(side); }
    public BigDecimal getQuantity() { return quantity; }
    public BigDecimal getPrice() { return price; }
    public BigDecimal getCommission() { return commission; }
    public OffsetDateTime getExecutedAt() { return executedAt; }
}

package dev.backtest.sdk.run.internal;

import dev.backtest.sdk.persistence.internal.Amounts;
import dev.backtest.sdk.persistence.internal.AuditedEntity;
import dev.backtest.sdk.run.RunResults;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * One closed trade produced by the engine in a run, as stored in the {@code run_trades} table, in the
 * order the engine closed it ({@code seq}).
 *
 * <pre>{@code
 * List<RunTrade> trades = database.inTransaction(em -> em.createQuery(
 *         "select t from RunTrade t where t.runId = :r order by t.seq", RunTrade.class)
 *         .setParameter("r", runId).getResultList());
 * BigDecimal firstPnl = trades.get(0).values().pnl();
 * }</pre>
 */
@Entity
@Table(name = "run_trades")
public class RunTrade extends AuditedEntity {

    @Column(name = "run_id", nullable = false, updatable = false)
    private UUID runId;
    @Column(name = "seq", nullable = false)
    private int seq;
    @Column(name = "size", nullable = false, precision = 28, scale = 10)
    private BigDecimal size;
    @Column(name = "entry_bar", nullable = false)
    private int entryBar;
    @Column(name = "exit_bar", nullable = false)
    private int exitBar;
    @Column(name = "entry_time", nullable = false)
    private OffsetDateTime entryTime;
    @Column(name = "exit_time", nullable = false)
    private OffsetDateTime exitTime;
    @Column(name = "entry_price", nullable = false, precision = 28, scale = 10)
    private BigDecimal entryPrice;
    @Column(name = "exit_price", nullable = false, precision = 28, scale = 10)
    private BigDecimal exitPrice;
    @Column(name = "stop_loss", precision = 28, scale = 10)
    private BigDecimal stopLoss;
    @Column(name = "take_profit", precision = 28, scale = 10)
    private BigDecimal takeProfit;
    @Column(name = "commission", nullable = false, precision = 28, scale = 10)
    private BigDecimal commission;
    @Column(name = "pnl", nullable = false, precision = 28, scale = 10)
    private BigDecimal pnl;
    @Column(name = "return_pct", nullable = false)
    private double returnPct;

    protected RunTrade() {
        // for JPA
    }

    /** Values of one closed trade, as the engine reports them. */
    public record Values(int seq, BigDecimal size, int entryBar, int exitBar, OffsetDateTime entryTime,
                         OffsetDateTime exitTime, BigDecimal entryPrice, BigDecimal exitPrice, BigDecimal stopLoss,
                         BigDecimal takeProfit, BigDecimal commission, BigDecimal pnl, double returnPct) {
    }

    public RunTrade(UUID runId, Values v) {
        this.runId = runId;
        this.seq = v.seq();
        this.size = v.size();
        this.entryBar = v.entryBar();
        this.exitBar = v.exitBar();
        this.entryTime = v.entryTime();
        this.exitTime = v.exitTime();
        this.entryPrice = v.entryPrice();
        this.exitPrice = v.exitPrice();
        this.stopLoss = v.stopLoss();
        this.takeProfit = v.takeProfit();
        this.commission = v.commission();
        this.pnl = v.pnl();
        this.returnPct = v.returnPct();
    }

    public UUID getRunId() { return runId; }

    public Values values() {
        return new Values(seq, size, entryBar, exitBar, entryTime, exitTime, entryPrice, exitPrice, stopLoss, takeProfit,
                commission, pnl, returnPct);
    }

    /** A trade as the results show it. */
    public static RunResults.TradeRow row(Values v) {
        return new RunResults.TradeRow(v.seq(), Amounts.plain(v.size()), v.entryBar(), v.exitBar(), v.entryTime(), v.exitTime(),
                Amounts.plain(v.entryPrice()), Amounts.plain(v.exitPrice()), Amounts.plain(v.commission()), Amounts.plain(v.pnl()),
                v.returnPct());
    }

    public Optional<BigDecimal> getStopLoss() { return Optional.ofNullable(stopLoss); }
    public Optional<BigDecimal> getTakeProfit() { return Optional.ofNullable(takeProfit); }
}

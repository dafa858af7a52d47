package dev.backtest.sdk.backtest.internal;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.backtest.BacktestStatus;
import dev.backtest.sdk.backtest.BacktestView;
import dev.backtest.sdk.backtest.Metrics;
import dev.backtest.sdk.persistence.internal.Amounts;
import dev.backtest.sdk.persistence.internal.NullableUuidConverter;
import dev.backtest.sdk.persistence.internal.SoftDeletableEntity;
import dev.backtest.sdk.persistence.internal.StoredJson;
import dev.backtest.sdk.strategy.internal.StrategyDefinition;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

/**
 * A backtest definition owned by one user, as stored in the {@code backtests} table: what to test
 * (strategy, symbol, timeframe, dates), with what money, and the latest metrics. Cash and position
 * move with manually recorded trades.
 *
 * <p>The aggregate guards its status: it changes only through {@link #queue()}, {@link #start()}, {@link #requeue()},
 * {@link #complete}, {@link #fail()} and {@link #cancel()}, each of which refuses a move its life does not allow
 * ({@code draft → queued → running → completed | failed | cancelled}, back to {@code queued} for a retried attempt,
 * and {@code queued} again from any finished state) with {@link ErrorCode#BACKTEST_INVALID_STATE}.
 *
 * <pre>{@code
 * Backtest b = Backtests.owned(em, me, backtestId);
 * b.queue();                       // BACKTEST_INVALID_STATE while queued or running
 * }</pre>
 */
@Entity
@Table(name = "backtests")
public class Backtest extends SoftDeletableEntity {

    @Column(name = "user_id", nullable = false, updatable = false)
    private UUID userId;

    @Column(name = "strategy_id")
    @Convert(converter = NullableUuidConverter.class)
    private UUID strategyId;

    @Column(name = "name", nullable = false, length = 200)
    private String name;

    @Column(name = "symbol", nullable = false, length = 20)
    private String symbol;

    @Column(name = "timeframe", nullable = false, length = 3)
    private String timeframe;

    @Column(name = "start_date", nullable = false)
    private LocalDate startDate;

    @Column(name = "end_date", nullable = false)
    private LocalDate endDate;

    @Column(name = "initial_capital", nullable = false, precision = 24, scale = 8)
    private BigDecimal initialCapital;

    @Column(name = "commission", nullable = false, precision = 12, scale = 10)
    private BigDecimal commission;

    @Column(name = "parameters", nullable = false)
    private String parametersJson;

    @Column(name = "status", nullable = false, length = 16)
    private String status;

    @Column(name = "cash", nullable = false, precision = 24, scale = 8)
    private BigDecimal cash;

    @Column(name = "position_quantity", nullable = false, precision = 28, scale = 10)
    private BigDecimal positionQuantity;

    @Column(name = "final_capital", precision = 24, scale = 8)
    private BigDecimal finalCapital;

    @Column(name = "total_return_pct")
    private Double totalReturnPct;

    @Column(name = "sharpe_ratio")
    private Double sharpeRatio;

    @Column(name = "max_drawdown_pct")
    private Double maxDrawdownPct;

    @Column(name = "win_rate_pct")
    private Double winRatePct;

    @Column(name = "total_trades", nullable = false)
    private int totalTrades;

    protected Backtest() {
        // for JPA
    }

    public Backtest(UUID userId, String name, String symbol, String timeframe, LocalDate startDate, LocalDate endDate,
                    BigDecimal initialCapital, BigDecimal commission, String parametersJson) {
        this.userId = userId;
        this.name = name;
        this.symbol = symbol;
        this.timeframe = timeframe;
        this.startDate = startDate;
        this.endDate = endDate;
        this.initialCapital = initialCapital;
        this.commission = commission;
        this.parametersJson = parametersJson;
        this.status = BacktestStatus.DRAFT.wire();
        this.cash = initialCapital;
        this.positionQuantity = BigDecimal.ZERO;
    }

    public UUID getUserId() { return userId; }
    public Optional<UUID> getStrategyId() { return Optional.ofNullable(strategyId); }
    public void setStrategyId(UUID strategyId) { this.strategyId = strategyId; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getSymbol() { return symbol; }
    public void setSymbol(String symbol) { this.symbol = symbol; }
    public String getTimeframe() { return timeframe; }
    public void setTimeframe(String timeframe) { this.timeframe = timeframe; }
    public LocalDate getStartDate() { return startDate; }
    public void setStartDate(LocalDate startDate) { this.startDate = startDate; }
    public LocalDate getEndDate() { return endDate; }
    public void setEndDate(LocalDate endDate) { this.endDate = endDate; }
    public BigDecimal getInitialCapital() { return initialCapital; }
    public void setInitialCapital(BigDecimal initialCapital) { this.initialCapital = initialCapital; }
    public BigDecimal getCommission() { return commission; }
    public void setCommission(BigDecimal commission) { this.commission = commission; }
    public String getParametersJson() { return parametersJson; }
    public void setParametersJson(String parametersJson) { this.parametersJson = parametersJson; }
    public BacktestStatus getStatus() { return BacktestStatus.fromWire(status); }
    public BigDecimal getCash() { return cash; }
    public void setCash(BigDecimal cash) { this.cash = cash; }
    public BigDecimal getPositionQuantity() { return positionQuantity; }
    public void setPositionQuantity(BigDecimal positionQuantity) { this.positionQuantity = positionQuantity; }
    public Optional<BigDecimal> getFinalCapital() { return Optional.ofNullable(finalCapital); }
    public Double getTotalReturnPct() { return totalReturnPct; }
    public Double getSharpeRatio() { return sharpeRatio; }
    public Double getMaxDrawdownPct() { return maxDrawdownPct; }
    public Double getWinRatePct() { return winRatePct; }
    public int getTotalTrades() { return totalTrades; }

    /** The figures shown with a backtest, written by a completed run or by recorded trades. */
    public void setMetrics(BigDecimal finalCapital, Double totalReturnPct, Double sharpeRatio, Double maxDrawdownPct, Double winRatePct,
                           int totalTrades) {
        this.finalCapital = finalCapital;
        this.totalReturnPct = totalReturnPct;
        this.sharpeRatio = sharpeRatio;
        this.maxDrawdownPct = maxDrawdownPct;
        this.winRatePct = winRatePct;
        this.totalTrades = totalTrades;
    }

    /**
     * Refuses anything but reading while a run owns the backtest (queued or running).
     *
     * @param action what is refused, as in "cannot be {@code changed}"
     * @throws BacktestException {@link ErrorCode#BACKTEST_INVALID_STATE} with {@code backtest_status}
     */
    public void requireIdle(String action) {
        if (!getStatus().editable()) {
            throw BacktestException.of(ErrorCode.BACKTEST_INVALID_STATE, "backtest " + getId() + " is " + status
                    + " and cannot be " + action + " until it finishes; allowed in: draft, completed, failed, cancelled")
                    .with("backtest_status", status);
        }
    }

    /** A run is queued: from draft or a finished state. */
    public void queue() {
        requireIdle("run again");
        status = BacktestStatus.QUEUED.wire();
    }

    /** A worker starts the run: from queued, or running when a worker takes over the run of one that died. */
    public void start() {
        move(BacktestStatus.RUNNING, BacktestStatus.QUEUED, BacktestStatus.RUNNING);
    }

    /** A failed attempt will be tried again: back to queued. */
    public void requeue() {
        move(BacktestStatus.QUEUED, BacktestStatus.RUNNING, BacktestStatus.QUEUED);
    }

    /** The run completed: its figures become the backtest's. */
    public void complete(BigDecimal finalCapital, Double totalReturnPct, Double sharpeRatio, Double maxDrawdownPct, Double winRatePct,
                         int totalTrades) {
        move(BacktestStatus.COMPLETED, BacktestStatus.QUEUED, BacktestStatus.RUNNING);
        setMetrics(finalCapital, totalReturnPct, sharpeRatio, maxDrawdownPct, winRatePct, totalTrades);
    }

    /** The run failed. */
    public void fail() {
        move(BacktestStatus.FAILED, BacktestStatus.QUEUED, BacktestStatus.RUNNING);
    }

    /** The run was cancelled. */
    public void cancel() {
        move(BacktestStatus.CANCELLED, BacktestStatus.QUEUED, BacktestStatus.RUNNING);
    }

    private void move(BacktestStatus to, BacktestStatus... from) {
        BacktestStatus now = getStatus();
        for (BacktestStatus f : from) {
            if (now == f) {
                status = to.wire();
                return;
            }
        }
        throw BacktestException.of(ErrorCode.BACKTEST_INVALID_STATE, "backtest " + getId() + " is " + status + " and cannot become "
                + to.wire() + "; it can from " + java.util.Arrays.stream(from).map(BacktestStatus::wire).toList())
                .with("backtest_status", status);
    }

    /** The backtest as its owner sees it; the strategy name is shown while the strategy is live. */
    public BacktestView view(StrategyDefinition strategy) {
        String strategyName = strategy == null || strategy.isDeleted() ? null : strategy.getName();
        Metrics m = new Metrics(Amounts.plain(finalCapital), totalReturnPct, sharpeRatio, maxDrawdownPct, winRatePct, totalTrades);
        return new BacktestView(getId(), name, strategyId, strategyName, symbol, timeframe, startDate, endDate,
                Amounts.plain(initialCapital), Amounts.plain(commission), StoredJson.parameters(parametersJson), status,
                Amounts.plain(cash), Amounts.plain(positionQuantity), m, getCreatedAt(), getUpdatedAt());
    }
}

package dev.backtest.sdk.backtest;

import dev.backtest.sdk.persistence.SoftDeletableEntity;
import dev.backtest.sdk.persistence.NullableUuidConverter;
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
 * <p>Public for JPA and for the SDK's services in other packages (it is a managed class of
 * {@link dev.backtest.sdk.persistence.Entities#ALL}, and {@code TradeService} moves its cash); not part
 * of the API users call: they see a {@link BacktestView} from {@code client.backtests()}.
 *
 * <pre>{@code
 * BacktestView view = client.backtests().get(me, backtestId);          // what users call
 * BigDecimal cash = client.database().inTransaction(em ->                // inside the SDK's services
 *         BacktestService.owned(em, me, backtestId).getCash());
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
    public void setStatus(BacktestStatus status) { this.status = status.wire(); }
    public BigDecimal getCash() { return cash; }
    public void setCash(BigDecimal cash) { this.cash = cash; }
    public BigDecimal getPositionQuantity() { return positionQuantity; }
    public void setPositionQuantity(BigDecimal positionQuantity) { this.positionQuantity = positionQuantity; }
    public Optional<BigDecimal> getFinalCapital() { return Optional.ofNullable(finalCapital); }
    public void setFinalCapital(BigDecimal finalCapital) { this.finalCapital = finalCapital; }
    public Double getTotalReturnPct() { return totalReturnPct; }
    public void setTotalReturnPct(Double totalReturnPct) { this.totalReturnPct = totalReturnPct; }
    public Double getSharpeRatio() { return sharpeRatio; }
    public void setSharpeRatio(Double sharpeRatio) { this.sharpeRatio = sharpeRatio; }
    public Double getMaxDrawdownPct() { return maxDrawdownPct; }
    public void setMaxDrawdownPct(Double maxDrawdownPct) { this.maxDrawdownPct = maxDrawdownPct; }
    public Double getWinRatePct() { return winRatePct; }
    public void setWinRatePct(Double winRatePct) { this.winRatePct = winRatePct; }
    public int getTotalTrades() { return totalTrades; }
    public void setTotalTrades(int totalTrades) { this.totalTrades = totalTrades; }
}

package dev.backtest.engine;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

/**
 * Everything besides bars and strategy that decides a run's numbers; stored in every
 * {@link BacktestResult} so that a run can be replayed exactly. Immutable; build with {@link #builder()}.
 *
 * <ul>
 *   <li>{@code cash} initial equity, &gt; 0 (default 10 000).</li>
 *   <li>{@code commission} fraction of traded value per side, {@code 0 <= c < 0.1} (default 0.001).</li>
 *   <li>{@code fixedCommission} amount charged on every fill of a trade leg (opening and closing), default 0.</li>
 *   <li>{@code spread} fraction, default 0: long entry = fill·(1+spread), short entry = fill·(1−spread).</li>
 *   <li>{@code slippageBps} basis points moved against the trader on market and stop fills (not on limit fills), default 0.</li>
 *   <li>{@code tradeOnClose} market orders placed on bar i fill at close[i] instead of open[i+1].</li>
 *   <li>{@code exclusiveOrders} each new order first cancels pending orders and closes all open trades.</li>
 *   <li>{@code finalizeTrades} close trades still open after the last bar at its open (see docs/engine.md).</li>
 *   <li>{@code fractionalUnits} sizes are not rounded down to whole units (crypto).</li>
 *   <li>{@code riskFreeRate} annual fraction used by the Sharpe and Sortino ratios, default 0.</li>
 * </ul>
 *
 * <pre>{@code
 * RunOptions o = RunOptions.builder().cash(100_000).commission(0).finalizeTrades(true).build();
 * RunOptions same = o.toBuilder().spread(0.0002).build();
 * }</pre>
 */
public record RunOptions(
        double cash,
        double commission,
        double fixedCommission,
        double spread,
        double slippageBps,
        boolean tradeOnClose,
        boolean exclusiveOrders,
        boolean finalizeTrades,
        boolean fractionalUnits,
        double riskFreeRate) {

    public static final double DEFAULT_CASH = 10_000;
    public static final double DEFAULT_COMMISSION = 0.001;

    public RunOptions {
        if (!(cash > 0) || Double.isInfinite(cash)) {
            throw invalid("cash must be a finite number > 0, got " + cash);
        }
        if (!(commission >= 0 && commission < 0.1)) {
            throw invalid("commission must be in [0, 0.1), got " + commission);
        }
        if (!(fixedCommission >= 0) || Double.isInfinite(fixedCommission)) {
            throw invalid("fixed_commission must be a finite number >= 0, got " + fixedCommission);
        }
        if (!(spread >= 0 && spread < 0.1)) {
            throw invalid("spread must be in [0, 0.1), got " + spread);
        }
        if (!(slippageBps >= 0 && slippageBps < 1000)) {
            throw invalid("slippage_bps must be in [0, 1000), got " + slippageBps);
        }
        if (!(riskFreeRate > -1 && riskFreeRate < 1)) {
            throw invalid("risk_free_rate must be in (-1, 1), got " + riskFreeRate);
        }
    }

    private static BacktestException invalid(String message) {
        return BacktestException.of(ErrorCode.INVALID_RUN_OPTIONS, message);
    }

    /** The defaults of docs/engine.md: cash 10 000, commission 0.001, everything else off or 0. */
    public static RunOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().cash(cash).commission(commission).fixedCommission(fixedCommission).spread(spread)
                .slippageBps(slippageBps).tradeOnClose(tradeOnClose).exclusiveOrders(exclusiveOrders)
                .finalizeTrades(finalizeTrades).fractionalUnits(fractionalUnits).riskFreeRate(riskFreeRate);
    }

    /** Builder of {@link RunOptions}; validation happens in {@link #build()}. */
    public static final class Builder {
        private double cash = DEFAULT_CASH;
        private double commission = DEFAULT_COMMISSION;
        private double fixedCommission;
        private double spread;
        private double slippageBps;
        private boolean tradeOnClose;
        private boolean exclusiveOrders;
        private boolean finalizeTrades;
        private boolean fractionalUnits;
        private double riskFreeRate;

        private Builder() {
        }

        public Builder cash(double v) { cash = v; return this; }
        public Builder commission(double v) { commission = v; return this; }
        public Builder fixedCommission(double v) { fixedCommission = v; return this; }
        public Builder spread(double v) { spread = v; return this; }
        public Builder slippageBps(double v) { slippageBps = v; return this; }
        public Builder tradeOnClose(boolean v) { tradeOnClose = v; return this; }
        public Builder exclusiveOrders(boolean v) { exclusiveOrders = v; return this; }
        public Builder finalizeTrades(boolean v) { finalizeTrades = v; return this; }
        public Builder fractionalUnits(boolean v) { fractionalUnits = v; return this; }
        public Builder riskFreeRate(double v) { riskFreeRate = v; return this; }

        public RunOptions build() {
            return new RunOptions(cash, commission, fixedCommission, spread, slippageBps, tradeOnClose, exclusiveOrders,
                    finalizeTrades, fractionalUnits, riskFreeRate);
        }
    }
}

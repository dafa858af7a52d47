package dev.backtest.engine.portfolio;

import dev.backtest.engine.EquityStats;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a portfolio run: the timeline times of the run with the equity, index values and drawdown at each,
 * the decisions, the fills with their allocations, each asset's contribution, the weights over time and the
 * statistics. Pure data over the run's columns: the lists are built when asked for (read-only), the arrays are the
 * result's own (do not modify them).
 *
 * <pre>{@code
 * PortfolioResult r = portfolio.run();
 * double[] equity = r.equity();
 * double[][] w = r.weights();          // w[asset][time]: a stacked-area chart with cash as 1 − Σ w
 * r.fills().forEach(System.out::println);
 * }</pre>
 */
public final class PortfolioResult {

    private final Universe universe;
    private final PortfolioOptions options;
    private final PortfolioRun.Outcome outcome;
    private final long[] time;
    private final double[] curve;
    private final double[] drawdown;
    private final PortfolioStats stats;

    PortfolioResult(Universe universe, PortfolioOptions options, PortfolioRun.Outcome outcome) {
        this.universe = universe;
        this.options = options;
        this.outcome = outcome;
        int from = outcome.from();
        this.time = from == 0 ? universe.timeline : Arrays.copyOfRange(universe.timeline, from, universe.timeline.length);
        PortfolioStats.Computed computed = PortfolioStats.compute(inputs(time, outcome));
        this.stats = computed.stats();
        this.curve = computed.curve();
        this.drawdown = EquityStats.drawdown(curve);
    }

    static PortfolioStats.Inputs inputs(long[] time, PortfolioRun.Outcome o) {
        return new PortfolioStats.Inputs(time, o.equity(), o.flows(), o.commissions(), o.traded(), o.rebalances(), o.firstFill(),
                o.benchmark());
    }

    /** The assets' symbols: the order of {@link #weights()}' rows. */
    public List<String> symbols() {
        return universe.symbolList;
    }

    public PortfolioOptions options() {
        return options;
    }

    /** The run's timeline times (epoch seconds): the union of the assets' bar times from the run's start. */
    public long[] time() {
        return time;
    }

    /** The equity at each time, after that time's fills: cash plus every holding at its last price. */
    public double[] equity() {
        return outcome.equity();
    }

    /**
     * {@code 100 · E / E[0]}; with monthly contributions the time-weighted index instead, so that contributions do not
     * show as gains.
     */
    public double[] indexValues() {
        double[] index = new double[curve.length];
        for (int i = 0; i < curve.length; i++) {
            index[i] = 100 * curve[i] / curve[0];
        }
        return index;
    }

    /** {@code dd[i] = 1 − E[i] / max(E[0..i])} (of the time-weighted index with contributions). */
    public double[] drawdown() {
        return drawdown;
    }

    /** The contribution added at each time (0 at most), or null without monthly contributions. */
    public double[] contributionsAdded() {
        return outcome.flows();
    }

    public PortfolioStats stats() {
        return stats;
    }

    /** The cash left after the last time. */
    public double cash() {
        return outcome.cash();
    }

    /** The units held after the last time, by asset index. */
    public double[] unitsHeld() {
        return outcome.units().clone();
    }

    /** The rebalance decisions in time order. */
    public List<Decision> decisions() {
        DecisionLog log = outcome.decisions();
        List<Decision> out = new ArrayList<>(log.size);
        for (int d = 0; d < log.size; d++) {
            Map<String, Double> targets = new LinkedHashMap<>();
            for (int k = 0; k < universe.size; k++) {
                double w = log.targets[d][k];
                if (!Double.isNaN(w)) {
                    targets.put(universe.symbols[k], w);
                }
            }
            out.add(new Decision(log.time[d], log.trigger[d], java.util.Collections.unmodifiableMap(targets)));
        }
        return List.copyOf(out);
    }

    /** Every fill as a trade, in the order filled (sells before buys at a time). */
    public List<Fill> fills() {
        FillLog log = outcome.fills();
        return new AbstractList<>() {
            @Override
            public Fill get(int row) {
                double units = log.units(row);
                double price = price(row);
                return new Fill(universe.timeline[log.step(row)], universe.symbols[log.asset(row)],
                        units < 0 ? Fill.Side.SELL : Fill.Side.BUY, Math.abs(units), price, Math.abs(units) * price * options.commission());
            }

            @Override
            public int size() {
                return log.size;
            }
        };
    }

    /** Every fill as an allocation, in the order of {@link #fills()}. */
    public List<Allocation> allocations() {
        FillLog log = outcome.fills();
        return new AbstractList<>() {
            @Override
            public Allocation get(int row) {
                DecisionLog decisions = outcome.decisions();
                int d = log.decision(row);
                int k = log.asset(row);
                return new Allocation(decisions.time[d], universe.timeline[log.step(row)], universe.symbols[k], decisions.target(d, k),
                        log.weightAfter(row), log.unitsAfter(row), price(row));
            }

            @Override
            public int size() {
                return log.size;
            }
        };
    }

    /** Each asset's profit and loss, in asset order. */
    public List<AssetContribution> contributions() {
        int size = universe.size;
        double[] pnl = new double[size];
        double[] paid = new double[size];
        FillLog log = outcome.fills();
        double c = options.commission();
        for (int row = 0; row < log.size; row++) {
            int k = log.asset(row);
            double units = log.units(row);
            double gross = Math.abs(units) * price(row);
            double commission = gross * c;
            pnl[k] += units < 0 ? gross - commission : -gross - commission;
            paid[k] += commission;
        }
        double e0 = outcome.equity()[0];
        List<AssetContribution> out = new ArrayList<>(size);
        double[] units = outcome.units();
        for (int k = 0; k < size; k++) {
            double[] close = universe.close[k];
            double value = units[k] == 0 ? 0 : units[k] * close[close.length - 1];
            double total = pnl[k] + value;
            out.add(new AssetContribution(universe.symbols[k], total, total / e0 * 100, paid[k], units[k], value));
        }
        return List.copyOf(out);
    }

    /**
     * Each asset's weight at each time after that time's fills, {@code w[k][i] = units · last price / E[i]}: rows in
     * the order of {@link #symbols()}, columns those of {@link #time()}; the cash share is {@code 1 − Σ_k w[k][i]}.
     * Computed on each call (8 bytes per asset and time).
     */
    public double[][] weights() {
        int size = universe.size;
        int from = outcome.from();
        int n = time.length;
        double[][] w = new double[size][n];
        int[] p = new int[size];
        double[] units = new double[size];
        for (int k = 0; k < size; k++) {
            int i = Arrays.binarySearch(universe.time[k], time[0]);
            p[k] = (i >= 0 ? i : -i - 1) - 1;
        }
        FillLog log = outcome.fills();
        double[] equity = outcome.equity();
        int row = 0;
        for (int i = 0; i < n; i++) {
            int at = from + i;
            for (int j = universe.barStart[at]; j < universe.barStart[at + 1]; j++) {
                p[universe.barAsset[j]]++;
            }
            for (; row < log.size && log.step(row) == at; row++) {
                units[log.asset(row)] = log.unitsAfter(row);
            }
            for (int k = 0; k < size; k++) {
                if (units[k] != 0) {
                    w[k][i] = units[k] * universe.close[k][p[k]] / equity[i];
                }
            }
        }
        return w;
    }

    /** The price of fill {@code row}: its asset's open (base currency) at its bar. */
    private double price(int row) {
        return universe.open[log().asset(row)][log().bar(row)];
    }

    private FillLog log() {
        return outcome.fills();
    }

    @Override
    public String toString() {
        return "PortfolioResult[" + universe.size + " assets, " + time.length + " times, " + outcome.rebalances() + " rebalances, "
                + outcome.fills().size + " fills, equity " + outcome.equity()[0] + " -> " + outcome.equity()[time.length - 1] + "]";
    }
}

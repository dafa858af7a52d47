package dev.backtest.engine.portfolio;

import dev.backtest.engine.Series;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link PortfolioStrategy} sees at a decision: the time, each asset's prices up to the decision's close (in
 * the base currency, as {@link Series} views that refuse later bars), latest market caps, and the portfolio now
 * (equity, cash, units, weights). Assets are named by symbol or by their index in {@link #symbols()}.
 *
 * <pre>{@code
 * public Map<String, Double> weights(PortfolioContext ctx) {
 *     Map<String, Double> w = new LinkedHashMap<>();
 *     for (String s : ctx.listed()) if (ctx.close(s).last() > sma.get(s).last()) w.put(s, 0.2);
 *     return w;
 * }
 * }</pre>
 */
public final class PortfolioContext {

    private final PortfolioRun run;
    private final Universe universe;
    private final Series[] closes;
    private final Series[] opens;

    PortfolioContext(PortfolioRun run) {
        this.run = run;
        this.universe = run.universe;
        this.closes = new Series[universe.size];
        this.opens = new Series[universe.size];
    }

    /** The decision's time, epoch seconds. */
    public long time() {
        return run.decisionTime;
    }

    /** The assets' symbols in the order given; an asset's index is its position here. */
    public List<String> symbols() {
        return universe.symbolList;
    }

    /** The number of assets. */
    public int size() {
        return universe.size;
    }

    /** The index of {@code symbol}, or -1 when it is not an asset. */
    public int indexOf(String symbol) {
        return universe.indexOf(symbol);
    }

    /** Whether asset {@code k} has a price at the decision (a bar at or before it). */
    public boolean isListed(int k) {
        return run.p[k] >= 0;
    }

    public boolean isListed(String symbol) {
        return isListed(asset(symbol));
    }

    /** The listed assets' symbols, in order. */
    public List<String> listed() {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < universe.size; k++) {
            if (run.p[k] >= 0) {
                out.add(universe.symbols[k]);
            }
        }
        return out;
    }

    /** Whether asset {@code k} has a bar at the decision time itself. */
    public boolean hasBar(int k) {
        int p = run.p[k];
        return p >= 0 && universe.time[k][p] == run.decisionTime;
    }

    public boolean hasBar(String symbol) {
        return hasBar(asset(symbol));
    }

    /** Asset {@code k}'s last price (its latest close at or before the decision, base currency); NaN when not listed. */
    public double price(int k) {
        return run.p[k] >= 0 ? run.last[k] : Double.NaN;
    }

    public double price(String symbol) {
        return price(asset(symbol));
    }

    /** Asset {@code k}'s closes (base currency) over its own bars, readable up to its last bar at or before the decision. */
    public Series close(int k) {
        Series s = closes[k];
        if (s == null) {
            s = new Series(universe.symbols[k] + ".close", universe.close[k], run.cursors[k]);
            closes[k] = s;
        }
        return s;
    }

    public Series close(String symbol) {
        return close(asset(symbol));
    }

    /** Asset {@code k}'s opens (base currency), bounded like {@link #close(int)}. */
    public Series open(int k) {
        Series s = opens[k];
        if (s == null) {
            s = new Series(universe.symbols[k] + ".open", universe.open[k], run.cursors[k]);
            opens[k] = s;
        }
        return s;
    }

    public Series open(String symbol) {
        return open(asset(symbol));
    }

    /** Asset {@code k}'s latest market cap at or before the decision (base currency); NaN when there is none. */
    public double marketCap(int k) {
        int j = run.capPtr[k];
        return j >= 0 ? universe.cap[k][j] : Double.NaN;
    }

    public double marketCap(String symbol) {
        return marketCap(asset(symbol));
    }

    /** The equity at the decision's close: cash plus every holding at its last price. */
    public double equity() {
        return run.decisionEquity;
    }

    public double cash() {
        return run.cash;
    }

    /** The units of asset {@code k} held. */
    public double units(int k) {
        return run.units[k];
    }

    public double units(String symbol) {
        return units(asset(symbol));
    }

    /** Asset {@code k}'s weight now: {@code units · last price / equity} (0 when not held). */
    public double weight(int k) {
        return run.units[k] == 0 ? 0 : run.units[k] * run.last[k] / run.decisionEquity;
    }

    public double weight(String symbol) {
        return weight(asset(symbol));
    }

    private int asset(String symbol) {
        return assetIndex(universe, symbol);
    }

    static int assetIndex(Universe universe, String symbol) {
        int k = universe.indexOf(symbol);
        if (k < 0) {
            String shown = symbol == null ? "null" : symbol.length() > 40 ? symbol.substring(0, 40) + "..." : symbol;
            throw BacktestException.of(ErrorCode.INVALID_ORDER, "'" + shown + "' is not an asset of the portfolio; its assets: "
                    + universe.symbolList).with("symbol", shown);
        }
        return k;
    }
}

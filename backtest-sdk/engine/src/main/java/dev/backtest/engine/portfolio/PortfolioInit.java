package dev.backtest.engine.portfolio;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Cursor;
import dev.backtest.engine.Series;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.util.List;

/**
 * The set-up step of a portfolio run: each asset's whole arrays, to compute indicators once, and
 * {@link #indicator(String, String, double[])} to declare them as views that the run bounds by the decision time.
 * Prices are in the base currency. Read the arrays here only to compute indicators with causal functions; never
 * keep them for the decisions.
 *
 * <pre>{@code
 * public void init(PortfolioInit in) {
 *     for (String s : in.symbols()) sma.put(s, in.indicator(s, "sma200", Indicators.sma(in.close(s), 200)));
 * }
 * }</pre>
 */
public final class PortfolioInit {

    private final Universe universe;
    private final Cursor[] cursors;

    PortfolioInit(Universe universe, Cursor[] cursors) {
        this.universe = universe;
        this.cursors = cursors;
    }

    public List<String> symbols() {
        return universe.symbolList;
    }

    /** The asset's bars as given (in its own currency). */
    public CandleSeries bars(String symbol) {
        return universe.bars[asset(symbol)];
    }

    /** The asset's bar times, epoch seconds. */
    public long[] time(String symbol) {
        return universe.time[asset(symbol)];
    }

    /** The asset's opens in the base currency. */
    public double[] open(String symbol) {
        return universe.open[asset(symbol)];
    }

    /** The asset's closes in the base currency. */
    public double[] close(String symbol) {
        return universe.close[asset(symbol)];
    }

    /** The asset's market caps as given, or null. */
    public MarketCaps marketCaps(String symbol) {
        return universe.givenCaps[asset(symbol)];
    }

    /**
     * Declares an indicator of {@code symbol} aligned to its bars (NaN during warm-up) and returns its view: at a
     * decision it reads the asset's bars up to the last one at or before the decision time; a later index throws
     * {@link ErrorCode#LOOKAHEAD}.
     *
     * @throws BacktestException {@link ErrorCode#INVALID_ORDER} when {@code values} is not aligned to the asset's bars
     */
    public Series indicator(String symbol, String name, double[] values) {
        int k = asset(symbol);
        int n = universe.time[k].length;
        if (values.length != n) {
            throw BacktestException.of(ErrorCode.INVALID_ORDER, "indicator '" + name + "' of '" + symbol + "' has " + values.length
                    + " values for " + n + " bars; indicators must be aligned to the asset's bars");
        }
        return new Series(symbol + "." + name, values, cursors[k]);
    }

    private int asset(String symbol) {
        return PortfolioContext.assetIndex(universe, symbol);
    }
}

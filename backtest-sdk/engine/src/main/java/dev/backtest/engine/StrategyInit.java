package dev.backtest.engine;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.engine.indicators.Indicators;

/**
 * The set-up step of a run: the whole price arrays, to compute indicators once, and
 * {@link #indicator(String, double[])} to declare them. The arrays are the run's input (not copies):
 * read them here only to compute indicators with causal functions, never keep them for {@code next}.
 *
 * <pre>{@code
 * Series rsi = init.indicator("rsi14", Indicators.rsi(init.close(), 14));
 * }</pre>
 */
public final class StrategyInit {

    private final Bars bars;
    private final Cursor cursor;
    private int warmup;

    StrategyInit(Bars bars, Cursor cursor) {
        this.bars = bars;
        this.cursor = cursor;
    }

    public int size() { return bars.n(); }
    public long[] time() { return bars.time(); }
    public double[] open() { return bars.open(); }
    public double[] high() { return bars.high(); }
    public double[] low() { return bars.low(); }
    public double[] close() { return bars.close(); }
    public double[] volume() { return bars.volume(); }

    /**
     * Declares an indicator aligned to the bars (NaN during warm-up) and returns its look-ahead-safe view.
     * The run's warm-up {@code w} is the largest index of a first non-NaN value over all declared indicators.
     */
    public Series indicator(String name, double[] values) {
        if (values.length != bars.n()) {
            throw BacktestException.of(ErrorCode.INVALID_ORDER, "indicator '" + name + "' has " + values.length
                    + " values for " + bars.n() + " bars; indicators must be aligned to the bars");
        }
        warmup = Math.max(warmup, Indicators.firstValid(values));
        return new Series(name, values, cursor);
    }

    int warmup() {
        return warmup;
    }
}

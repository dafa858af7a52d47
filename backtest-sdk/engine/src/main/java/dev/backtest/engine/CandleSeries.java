package dev.backtest.engine;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.time.Instant;
import java.util.Arrays;

/**
 * Candles of one symbol and timeframe as parallel primitive arrays: {@code time[i]} (bucket start,
 * epoch seconds UTC, strictly increasing), {@code open[i]}, {@code high[i]}, {@code low[i]},
 * {@code close[i]}, {@code volume[i]}. No per-candle objects: the engine reads the arrays directly.
 * The arrays are not copied; treat them as read-only.
 *
 * <pre>{@code
 * CandleSeries s = client.candles().symbol("BTC").between(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31))
 *         .timeframe(Timeframe.H1).fetch();
 * double lastClose = s.close()[s.size() - 1];
 * }</pre>
 */
public record CandleSeries(String symbol, Timeframe timeframe, long[] time, double[] open, double[] high, double[] low,
                           double[] close, double[] volume) {

    public CandleSeries {
        int n = time.length;
        if (open.length != n || high.length != n || low.length != n || close.length != n || volume.length != n) {
            throw BacktestException.of(ErrorCode.VALIDATION_FAILED, "candle columns differ in length: time " + n + ", open "
                    + open.length + ", high " + high.length + ", low " + low.length + ", close " + close.length + ", volume "
                    + volume.length);
        }
    }

    /** A series of plain arrays, for data that does not come from the store (tests, CSV files). */
    public static CandleSeries of(String symbol, Timeframe timeframe, long[] time, double[] open, double[] high, double[] low,
                                  double[] close, double[] volume) {
        return new CandleSeries(symbol, timeframe, time, open, high, low, close, volume);
    }

    /** An empty series. */
    public static CandleSeries empty(String symbol, Timeframe timeframe) {
        return new CandleSeries(symbol, timeframe, new long[0], new double[0], new double[0], new double[0], new double[0],
                new double[0]);
    }

    public int size() {
        return time.length;
    }

    public boolean isEmpty() {
        return time.length == 0;
    }

    /** Candle {@code i} as a value object (convenience; not for hot loops). */
    public Candle get(int i) {
        return new Candle(Instant.ofEpochSecond(time[i]), open[i], high[i], low[i], close[i], volume[i]);
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive) as a new series. */
    public CandleSeries slice(int from, int to) {
        return new CandleSeries(symbol, timeframe, Arrays.copyOfRange(time, from, to), Arrays.copyOfRange(open, from, to),
                Arrays.copyOfRange(high, from, to), Arrays.copyOfRange(low, from, to), Arrays.copyOfRange(close, from, to),
                Arrays.copyOfRange(volume, from, to));
    }

    /** Approximate heap size of the arrays, for cache accounting. */
    public long sizeInBytes() {
        return 48L * time.length + 128;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CandleSeries s && symbol.equals(s.symbol) && timeframe == s.timeframe && Arrays.equals(time, s.time)
                && Arrays.equals(open, s.open) && Arrays.equals(high, s.high) && Arrays.equals(low, s.low)
                && Arrays.equals(close, s.close) && Arrays.equals(volume, s.volume);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * symbol.hashCode() + timeframe.hashCode()) + Arrays.hashCode(time);
    }

    @Override
    public String toString() {
        return "CandleSeries[" + symbol + " " + timeframe + ", " + size() + " candles"
                + (isEmpty() ? "" : " from " + Instant.ofEpochSecond(time[0]) + " to " + Instant.ofEpochSecond(time[size() - 1])) + "]";
    }
}

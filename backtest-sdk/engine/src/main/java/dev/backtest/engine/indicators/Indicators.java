package dev.backtest.engine.indicators;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.util.Arrays;

/**
 * Technical indicators as pure functions over whole series: each takes {@code double[]} and returns a
 * new {@code double[]} of the same length, aligned to the bars, with {@code NaN} during warm-up. An
 * input that itself starts with NaN (an indicator of an indicator, such as the MACD signal line)
 * is handled by starting the computation at its first non-NaN value.
 *
 * <p>Conventions (each checked against ta4j 0.17 in tests, see {@code IndicatorsTa4jParityTest}):
 * <ul>
 *   <li>{@code sma(x, n)}: mean of the last n values; first value at index n−1.</li>
 *   <li>{@code ema(x, n)}: α = 2/(n+1), seeded with the SMA of the first n values (first value at n−1).
 *       ta4j seeds with x[0] instead; the two converge geometrically.</li>
 *   <li>{@code rsi(x, n)}: Wilder's smoothing (α = 1/n), seeded with the plain mean of the first n
 *       gains and losses; first value at index n. Average loss 0 gives 100 (50 if the average gain is 0 too).</li>
 *   <li>{@code stddev} and {@link #bollinger}: population standard deviation (divide by n), as ta4j
 *       and the usual Bollinger definition.</li>
 *   <li>{@code atr}: true range with TR[0] = high−low, Wilder's smoothing seeded with the mean of the first n TRs.</li>
 * </ul>
 *
 * <pre>{@code
 * double[] fast = Indicators.sma(series.close(), 10);
 * double[] slow = Indicators.sma(series.close(), 30);
 * boolean up = Indicators.crossover(fast, slow, i);
 * }</pre>
 */
public final class Indicators {

    private static final int RESUM = 1024;

    private Indicators() {
    }

    /** MACD line (fast EMA − slow EMA), signal line (EMA of the line) and histogram (line − signal). */
    public record Macd(double[] line, double[] signal, double[] histogram) {
    }

    /** Bollinger bands: middle SMA and middle ± k population standard deviations. */
    public record Bollinger(double[] middle, double[] upper, double[] lower) {
    }

    /** Donchian channel: highest high and lowest low of the last n bars, and their midpoint. */
    public record Donchian(double[] upper, double[] lower, double[] middle) {
    }

    public static double[] sma(double[] x, int n) {
        checkPeriod(n);
        double[] out = nanArray(x.length);
        int f = firstValid(x);
        // Rolling sum, O(length) whatever n; re-summed exactly every RESUM bars so rounding cannot drift.
        double sum = 0;
        for (int i = f; i < x.length; i++) {
            int k = i - f;
            if (k >= n && k % RESUM == 0) {
                sum = 0;
                for (int j = i - n + 1; j <= i; j++) {
                    sum += x[j];
                }
            } else {
                sum += x[i];
                if (k >= n) {
                    sum -= x[i - n];
                }
            }
            if (k >= n - 1) {
                out[i] = sum / n;
            }
        }
        return out;
    }

    public static double[] ema(double[] x, int n) {
        return smoothed(x, n, 2.0 / (n + 1));
    }

    /** Wilder's moving average (α = 1/n), seeded with the SMA of the first n values. */
    public static double[] wilder(double[] x, int n) {
        return smoothed(x, n, 1.0 / n);
    }

    private static double[] smoothed(double[] x, int n, double alpha) {
        checkPeriod(n);
        double[] out = nanArray(x.length);
        int f = firstValid(x);
        int seed = f + n - 1;
        if (seed >= x.length) {
            return out;
        }
        double s = 0;
        for (int j = f; j <= seed; j++) {
            s += x[j];
        }
        double prev = s / n;
        out[seed] = prev;
        for (int i = seed + 1; i < x.length; i++) {
            prev = prev + alpha * (x[i] - prev);
            out[i] = prev;
        }
        return out;
    }

    /** Linearly weighted moving average, weights 1..n (the newest value weighs n). */
    public static double[] wma(double[] x, int n) {
        checkPeriod(n);
        double[] out = nanArray(x.length);
        int f = firstValid(x);
        double denom = n * (n + 1) / 2.0;
        for (int i = f + n - 1; i < x.length; i++) {
            double s = 0;
            for (int k = 0; k < n; k++) {
                s += (n - k) * x[i - k];
            }
            out[i] = s / denom;
        }
        return out;
    }

    public static double[] rsi(double[] x, int n) {
        checkPeriod(n);
        double[] out = nanArray(x.length);
        int f = firstValid(x);
        if (f + n >= x.length) {
            return out;
        }
        double gain = 0;
        double loss = 0;
        for (int i = f + 1; i <= f + n; i++) {
            double d = x[i] - x[i - 1];
            gain += Math.max(d, 0);
            loss += Math.max(-d, 0);
        }
        gain /= n;
        loss /= n;
        out[f + n] = rsiOf(gain, loss);
        for (int i = f + n + 1; i < x.length; i++) {
            double d = x[i] - x[i - 1];
            gain = (gain * (n - 1) + Math.max(d, 0)) / n;
            loss = (loss * (n - 1) + Math.max(-d, 0)) / n;
            out[i] = rsiOf(gain, loss);
        }
        return out;
    }

    private static double rsiOf(double gain, double loss) {
        if (loss == 0) {
            return gain == 0 ? 50 : 100;
        }
        return 100 - 100 / (1 + gain / loss);
    }

    public static Macd macd(double[] x, int fast, int slow, int signal) {
        if (fast >= slow) {
            throw BacktestException.of(ErrorCode.INVALID_STRATEGY_PARAMETER,
                    "macd fast period " + fast + " must be less than slow period " + slow);
        }
        double[] f = ema(x, fast);
        double[] s = ema(x, slow);
        double[] line = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            line[i] = f[i] - s[i];
        }
        double[] sig = ema(line, signal);
        double[] hist = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            hist[i] = line[i] - sig[i];
        }
        return new Macd(line, sig, hist);
    }

    /** Population standard deviation of the last n values. */
    public static double[] stddev(double[] x, int n) {
        checkPeriod(n);
        double[] out = nanArray(x.length);
        int f = firstValid(x);
        for (int i = f + n - 1; i < x.length; i++) {
            double s = 0;
            for (int j = i - n + 1; j <= i; j++) {
                s += x[j];
            }
            double mean = s / n;
            double v = 0;
            for (int j = i - n + 1; j <= i; j++) {
                double d = x[j] - mean;
                v += d * d;
            }
            out[i] = Math.sqrt(v / n);
        }
        return out;
    }

    public static Bollinger bollinger(double[] x, int n, double k) {
        double[] mid = sma(x, n);
        double[] sd = stddev(x, n);
        double[] up = new double[x.length];
        double[] lo = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            up[i] = mid[i] + k * sd[i];
            lo[i] = mid[i] - k * sd[i];
        }
        return new Bollinger(mid, up, lo);
    }

    /** True range: TR[0] = high−low; then max(high−low, |high−prevClose|, |low−prevClose|). */
    public static double[] trueRange(double[] high, double[] low, double[] close) {
        double[] tr = new double[high.length];
        for (int i = 0; i < high.length; i++) {
            double hl = high[i] - low[i];
            tr[i] = i == 0 ? hl : Math.max(hl, Math.max(Math.abs(high[i] - close[i - 1]), Math.abs(low[i] - close[i - 1])));
        }
        return tr;
    }

    public static double[] atr(double[] high, double[] low, double[] close, int n) {
        return wilder(trueRange(high, low, close), n);
    }

    /** Rate of change in percent: (x[i] − x[i−n]) / x[i−n] · 100; first value at index n. */
    public static double[] roc(double[] x, int n) {
        checkPeriod(n);
        double[] out = nanArray(x.length);
        int f = firstValid(x);
        for (int i = f + n; i < x.length; i++) {
            out[i] = (x[i] - x[i - n]) / x[i - n] * 100;
        }
        return out;
    }

    /** Highest of the last n values (including the current one); first value at index n−1. */
    public static double[] highest(double[] x, int n) {
        return extreme(x, n, true);
    }

    /** Lowest of the last n values (including the current one); first value at index n−1. */
    public static double[] lowest(double[] x, int n) {
        return extreme(x, n, false);
    }

    private static double[] extreme(double[] x, int n, boolean max) {
        checkPeriod(n);
        double[] out = nanArray(x.length);
        int f = firstValid(x);
        // monotonic deque of indices: O(length) instead of O(length·n)
        int[] dq = new int[Math.min(n, x.length) + 1];
        int head = 0;
        int size = 0;
        int cap = dq.length;
        for (int i = f; i < x.length; i++) {
            while (size > 0) {
                int last = dq[(head + size - 1) % cap];
                if (max ? x[last] <= x[i] : x[last] >= x[i]) {
                    size--;
                } else {
                    break;
                }
            }
            dq[(head + size) % cap] = i;
            size++;
            if (dq[head] <= i - n) {
                head = (head + 1) % cap;
                size--;
            }
            if (i >= f + n - 1) {
                out[i] = x[dq[head]];
            }
        }
        return out;
    }

    public static Donchian donchian(double[] high, double[] low, int n) {
        double[] up = highest(high, n);
        double[] lo = lowest(low, n);
        double[] mid = new double[high.length];
        for (int i = 0; i < mid.length; i++) {
            mid[i] = (up[i] + lo[i]) / 2;
        }
        return new Donchian(up, lo, mid);
    }

    /** {@code a} crosses above {@code b} on bar i: {@code a[i−1] < b[i−1] && a[i] > b[i]} (strict both times; false with NaN). */
    public static boolean crossover(double[] a, double[] b, int i) {
        return i >= 1 && a[i - 1] < b[i - 1] && a[i] > b[i];
    }

    /** {@code a} crosses below {@code b} on bar i: {@code a[i−1] > b[i−1] && a[i] < b[i]}. */
    public static boolean crossunder(double[] a, double[] b, int i) {
        return i >= 1 && a[i - 1] > b[i - 1] && a[i] < b[i];
    }

    /** Index of the first non-NaN value, or {@code x.length} if there is none. */
    public static int firstValid(double[] x) {
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i])) {
                return i;
            }
        }
        return x.length;
    }

    private static double[] nanArray(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    private static void checkPeriod(int n) {
        if (n < 1) {
            throw BacktestException.of(ErrorCode.INVALID_STRATEGY_PARAMETER, "indicator period must be >= 1, got " + n);
        }
    }
}

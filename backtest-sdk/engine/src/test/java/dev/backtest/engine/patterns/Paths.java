package dev.backtest.engine.patterns;

import java.util.Random;
import java.util.function.IntPredicate;

/** Test prices: piecewise-linear paths with exact pivots, and seeded random walks. */
final class Paths {

    private Paths() {
    }

    /** High, low and close arrays of one series. */
    record Ohlc(double[] open, double[] high, double[] low, double[] close) {
        int size() {
            return close.length;
        }

        Ohlc prefix(int bars) {
            return new Ohlc(java.util.Arrays.copyOf(open, bars), java.util.Arrays.copyOf(high, bars), java.util.Arrays.copyOf(low, bars),
                    java.util.Arrays.copyOf(close, bars));
        }

        /** The first bar at or after {@code from} matching {@code test}, or −1. */
        int first(int from, IntPredicate test) {
            for (int j = from; j < size(); j++) {
                if (test.test(j)) {
                    return j;
                }
            }
            return -1;
        }
    }

    /**
     * Closes on the straight lines between vertices {bar, price} (the first at bar 0); each bar opens at the previous
     * close and its high and low are the larger and smaller of open and close, so a vertex's bar holds its extreme
     * (the next bar only ties it, and ties keep the first bar).
     */
    static Ohlc path(double[]... vertices) {
        int n = (int) vertices[vertices.length - 1][0] + 1;
        double[] c = new double[n];
        for (int v = 1; v < vertices.length; v++) {
            int a = (int) vertices[v - 1][0];
            int b = (int) vertices[v][0];
            for (int i = a; i <= b; i++) {
                c[i] = vertices[v - 1][1] + (vertices[v][1] - vertices[v - 1][1]) * (i - a) / (b - a);
            }
        }
        double[] o = new double[n];
        double[] h = new double[n];
        double[] l = new double[n];
        for (int i = 0; i < n; i++) {
            o[i] = i == 0 ? c[0] : c[i - 1];
            h[i] = Math.max(o[i], c[i]);
            l[i] = Math.min(o[i], c[i]);
        }
        return new Ohlc(o, h, l, c);
    }

    /** A geometric random walk with close-to-close volatility {@code sigma} and wicks, like the engine's TestBars. */
    static Ohlc randomWalk(long seed, int n, double sigma) {
        Random r = new Random(seed);
        double[] op = new double[n];
        double[] h = new double[n];
        double[] l = new double[n];
        double[] c = new double[n];
        double price = 100;
        for (int i = 0; i < n; i++) {
            double open = price * Math.exp(r.nextGaussian() * sigma / 5);
            double close = open * Math.exp(r.nextGaussian() * sigma);
            op[i] = open;
            c[i] = close;
            h[i] = Math.max(open, close) * (1 + Math.abs(r.nextGaussian()) * sigma * 0.4);
            l[i] = Math.min(open, close) * (1 - Math.abs(r.nextGaussian()) * sigma * 0.4);
            price = close;
        }
        return new Ohlc(op, h, l, c);
    }

    /** Daily candles of {@code o} from 2024-01-01, volume 1000. */
    static dev.backtest.engine.CandleSeries candles(Ohlc o) {
        long[] t = new long[o.size()];
        double[] v = new double[o.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = 1_704_067_200L + i * 86_400L;
            v[i] = 1000;
        }
        return dev.backtest.engine.CandleSeries.of("PAT", dev.backtest.engine.Timeframe.D1, t, o.open(), o.high(), o.low(),
                o.close(), v);
    }
}

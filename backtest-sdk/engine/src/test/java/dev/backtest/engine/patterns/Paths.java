package dev.backtest.engine.patterns;

import java.util.Random;
import java.util.function.IntPredicate;

/** Test prices: piecewise-linear paths with exact pivots, and seeded random walks. */
final class Paths {

    private Paths() {
    }

    /** High, low and close arrays of one series. */
    record Ohlc(double[] high, double[] low, double[] close) {
        int size() {
            return close.length;
        }

        Ohlc prefix(int bars) {
            return new Ohlc(java.util.Arrays.copyOf(high, bars), java.util.Arrays.copyOf(low, bars),
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
        double[] h = new double[n];
        double[] l = new double[n];
        for (int i = 0; i < n; i++) {
            double open = i == 0 ? c[0] : c[i - 1];
            h[i] = Math.max(open, c[i]);
            l[i] = Math.min(open, c[i]);
        }
        return new Ohlc(h, l, c);
    }

    /** A geometric random walk with close-to-close volatility {@code sigma} and wicks, like the engine's TestBars. */
    static Ohlc randomWalk(long seed, int n, double sigma) {
        Random r = new Random(seed);
        double[] h = new double[n];
        double[] l = new double[n];
        double[] c = new double[n];
        double price = 100;
        for (int i = 0; i < n; i++) {
            double open = price * Math.exp(r.nextGaussian() * sigma / 5);
            double close = open * Math.exp(r.nextGaussian() * sigma);
            c[i] = close;
            h[i] = Math.max(open, close) * (1 + Math.abs(r.nextGaussian()) * sigma * 0.4);
            l[i] = Math.min(open, close) * (1 - Math.abs(r.nextGaussian()) * sigma * 0.4);
            price = close;
        }
        return new Ohlc(h, l, c);
    }
}

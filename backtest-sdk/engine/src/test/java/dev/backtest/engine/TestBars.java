package dev.backtest.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/** Test data: hand-written bars and seeded random walks. */
final class TestBars {

    /** 2024-01-01, a Monday, 00:00 UTC. */
    static final long MONDAY = 1_704_067_200L;
    static final long DAY = 86_400L;

    private TestBars() {
    }

    /** Daily bars of a pandas CSV: a header, then {@code date,open,high,low,close,volume} per row. */
    static CandleSeries dailyCsv(Path csv) {
        List<String> rows;
        try {
            rows = Files.readAllLines(csv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int n = rows.size() - 1;
        long[] t = new long[n];
        double[] o = new double[n], h = new double[n], l = new double[n], c = new double[n], v = new double[n];
        for (int i = 0; i < n; i++) {
            String[] f = rows.get(i + 1).split(",");
            t[i] = LocalDate.parse(f[0]).toEpochDay() * DAY;
            o[i] = Double.parseDouble(f[1]);
            h[i] = Double.parseDouble(f[2]);
            l[i] = Double.parseDouble(f[3]);
            c[i] = Double.parseDouble(f[4]);
            v[i] = Double.parseDouble(f[5]);
        }
        return CandleSeries.of(csv.getFileName().toString().split("\\.")[0], Timeframe.D1, t, o, h, l, c, v);
    }

    /** Daily bars (weekdays and weekends) from rows {open, high, low, close}. */
    static CandleSeries daily(double[]... ohlc) {
        int n = ohlc.length;
        long[] t = new long[n];
        double[] o = new double[n], h = new double[n], l = new double[n], c = new double[n], v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = MONDAY + i * DAY;
            o[i] = ohlc[i][0];
            h[i] = ohlc[i][1];
            l[i] = ohlc[i][2];
            c[i] = ohlc[i][3];
            v[i] = 1000;
        }
        return CandleSeries.of("TEST", Timeframe.D1, t, o, h, l, c, v);
    }

    /** Daily bars from opens and closes; high/low just outside them. */
    static CandleSeries fromOpenClose(double[] open, double[] close) {
        double[][] rows = new double[open.length][];
        for (int i = 0; i < open.length; i++) {
            rows[i] = new double[]{open[i], Math.max(open[i], close[i]) + 0.1, Math.min(open[i], close[i]) - 0.1, close[i]};
        }
        return daily(rows);
    }

    /** A geometric random walk with realistic OHLC, one bar per {@code step} seconds. */
    static CandleSeries randomWalk(long seed, int n, long step) {
        return randomWalk(seed, n, step, 0.01);
    }

    /** As {@link #randomWalk(long, int, long)} with close-to-open volatility {@code sigma} per bar. */
    static CandleSeries randomWalk(long seed, int n, long step, double sigma) {
        Random r = new Random(seed);
        long[] t = new long[n];
        double[] o = new double[n], h = new double[n], l = new double[n], c = new double[n], v = new double[n];
        double price = 100;
        for (int i = 0; i < n; i++) {
            t[i] = MONDAY + i * step;
            double open = price * Math.exp(r.nextGaussian() * sigma / 5);
            double close = open * Math.exp(r.nextGaussian() * sigma);
            o[i] = open;
            c[i] = close;
            h[i] = Math.max(open, close) * (1 + Math.abs(r.nextGaussian()) * sigma * 0.4);
            l[i] = Math.min(open, close) * (1 - Math.abs(r.nextGaussian()) * sigma * 0.4);
            v[i] = 1000 + r.nextInt(1000);
            price = close;
        }
        return CandleSeries.of("RW", Timeframe.D1, t, o, h, l, c, v);
    }

    /** A strategy without indicators (warm-up 0, first decision on bar 1) running {@code action} each bar. */
    static Strategy scripted(Consumer<StrategyContext> action) {
        return new Strategy() {
            @Override
            public void init(StrategyInit init) {
            }

            @Override
            public void next(StrategyContext ctx) {
                action.accept(ctx);
            }
        };
    }

    static RunOptions.Builder frictionless(double cash) {
        return RunOptions.builder().cash(cash).commission(0);
    }
}

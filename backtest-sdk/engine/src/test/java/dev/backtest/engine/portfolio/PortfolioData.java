package dev.backtest.engine.portfolio;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Timeframe;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test data for portfolios: bars from opens and closes at given times, calendars, seeded random walks. */
final class PortfolioData {

    /** 2024-01-01, a Monday, 00:00 UTC. */
    static final long MONDAY = 1_704_067_200L;
    static final long DAY = 86_400L;

    private PortfolioData() {
    }

    /** The time of day {@code d} counted from 2024-01-01. */
    static long day(int d) {
        return MONDAY + d * DAY;
    }

    /** Bars at {@code time} with the given opens and closes; high and low just outside them. */
    static CandleSeries bars(String symbol, long[] time, double[] open, double[] close) {
        int n = time.length;
        double[] h = new double[n];
        double[] l = new double[n];
        for (int i = 0; i < n; i++) {
            h[i] = Math.max(open[i], close[i]) * 1.01;
            l[i] = Math.min(open[i], close[i]) * 0.99;
        }
        return CandleSeries.of(symbol, Timeframe.D1, time, open, h, l, close, new double[n]);
    }

    /** Days {@code 0..n-1} from 2024-01-01. */
    static long[] everyDay(int from, int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = day(from + i);
        }
        return t;
    }

    /** The weekdays among days {@code from .. from+days-1} (2024-01-01 is a Monday). */
    static long[] weekdays(int from, int days) {
        List<Long> out = new ArrayList<>();
        for (int d = from; d < from + days; d++) {
            if (Math.floorMod(d, 7) < 5) {
                out.add(day(d));
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** A geometric random walk at {@code time}: open near the previous close, close with volatility {@code sigma}. */
    static CandleSeries randomWalk(String symbol, long seed, long[] time, double sigma) {
        Random r = new Random(seed);
        int n = time.length;
        double[] o = new double[n];
        double[] c = new double[n];
        double price = 50 + r.nextInt(100);
        for (int i = 0; i < n; i++) {
            o[i] = price * Math.exp(r.nextGaussian() * sigma / 4);
            c[i] = o[i] * Math.exp(r.nextGaussian() * sigma);
            price = c[i];
        }
        return bars(symbol, time, o, c);
    }
}

package dev.backtest.sdk.report;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Timeframe;
import dev.backtest.engine.portfolio.Portfolio;
import dev.backtest.engine.portfolio.PortfolioOptions;
import dev.backtest.engine.portfolio.PortfolioResult;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Real portfolio runs for the report tests: daily random walks from 2000-01-01, the last asset listed a quarter of the
 * way in (so that weights change as it joins), run with the given options.
 */
final class PortfolioSamples {

    /** 2000-01-01 00:00 UTC. */
    static final long START = 946_684_800L;

    /** A run and the bars of its assets by symbol. */
    record Sample(PortfolioResult result, Map<String, CandleSeries> bars) {
        CandleSeries bars(String symbol) {
            return bars.get(symbol);
        }
    }

    private PortfolioSamples() {
    }

    static Sample run(int days, PortfolioOptions options, String... symbols) {
        Map<String, CandleSeries> bars = new LinkedHashMap<>();
        Portfolio.Builder p = Portfolio.builder().options(options);
        for (int k = 0; k < symbols.length; k++) {
            int from = k == symbols.length - 1 && k > 0 ? days / 4 : 0;
            CandleSeries s = randomWalk(symbols[k], 11L * (k + 1), from, days - from);
            bars.put(symbols[k], s);
            p.asset(symbols[k], s);
        }
        return new Sample(p.build().run(), bars);
    }

    /** Days {@code from .. from+n-1}: opens near the previous close, closes about 1 % a day away. */
    static CandleSeries randomWalk(String symbol, long seed, int from, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] t = new long[n];
        double[] o = new double[n];
        double[] h = new double[n];
        double[] l = new double[n];
        double[] c = new double[n];
        double price = 50 + r.nextInt(100);
        for (int i = 0; i < n; i++) {
            t[i] = START + (from + i) * 86_400L;
            o[i] = price * Math.exp(0.002 * r.nextGaussian());
            c[i] = o[i] * Math.exp(0.01 * r.nextGaussian());
            h[i] = Math.max(o[i], c[i]) * 1.005;
            l[i] = Math.min(o[i], c[i]) * 0.995;
            price = c[i];
        }
        double[] volume = new double[n];
        Arrays.fill(volume, 1_000);
        return CandleSeries.of(symbol, Timeframe.D1, t, o, h, l, c, volume);
    }
}

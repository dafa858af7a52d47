package dev.backtest.engine.portfolio;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Engine;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldErrors;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validated data of a portfolio, shared read-only by all its runs: each asset's bar times and its opens and
 * closes in the base currency (the given arrays for assets in the base currency, converted copies for the others),
 * market caps in the base currency, and the timeline — the sorted union of all bar times — with, for each
 * timeline time, the assets that have a bar there (one int per asset-bar, in asset order).
 */
final class Universe {

    final int size;
    final String[] symbols;
    final List<String> symbolList;
    final Map<String, Integer> index;
    final CandleSeries[] bars;
    final MarketCaps[] givenCaps;
    final long[][] time;
    final double[][] open;
    final double[][] close;
    final long[][] capTime;
    final double[][] cap;
    final String baseCurrency;
    /** The sorted union of all bar times. */
    final long[] timeline;
    /** The assets with a bar at timeline index {@code i}: {@code barAsset[barStart[i] .. barStart[i + 1])}. */
    final int[] barStart;
    final int[] barAsset;

    private Universe(List<Asset> assets, String baseCurrency, double[][] open, double[][] close, double[][] cap) {
        size = assets.size();
        symbols = new String[size];
        bars = new CandleSeries[size];
        givenCaps = new MarketCaps[size];
        time = new long[size][];
        capTime = new long[size][];
        index = new HashMap<>();
        for (int k = 0; k < size; k++) {
            Asset a = assets.get(k);
            symbols[k] = a.symbol();
            bars[k] = a.bars();
            givenCaps[k] = a.marketCaps();
            time[k] = a.bars().time();
            capTime[k] = a.marketCaps() == null ? null : a.marketCaps().time();
            index.put(a.symbol(), k);
        }
        symbolList = List.of(symbols);
        this.open = open;
        this.close = close;
        this.cap = cap;
        this.baseCurrency = baseCurrency;
        timeline = union(time);
        int total = 0;
        for (long[] t : time) {
            total += t.length;
        }
        barStart = new int[timeline.length + 1];
        barAsset = new int[total];
        int[] at = new int[total]; // timeline index of each asset-bar, asset by asset
        int q = 0;
        for (int k = 0; k < size; k++) {
            int i = 0;
            for (long t : time[k]) {
                while (timeline[i] != t) {
                    i++;
                }
                at[q++] = i;
                barStart[i + 1]++;
            }
        }
        for (int i = 0; i < timeline.length; i++) {
            barStart[i + 1] += barStart[i];
        }
        int[] next = Arrays.copyOf(barStart, timeline.length);
        q = 0;
        for (int k = 0; k < size; k++) {
            for (int j = 0; j < time[k].length; j++) {
                barAsset[next[at[q++]]++] = k;
            }
        }
    }

    /** Adds the field errors of the assets to {@code errors}: list, symbols, bars given, currencies, market caps. */
    static void checkAssets(List<Asset> assets, FieldErrors errors) {
        if (assets == null || assets.isEmpty()) {
            errors.add("assets", "must list at least one asset");
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < assets.size(); k++) {
            Asset a = assets.get(k);
            String field = "assets[" + k + "]";
            if (a == null) {
                errors.add(field, "is required");
                continue;
            }
            if (a.symbol() == null || a.symbol().isBlank() || a.symbol().length() > 40) {
                errors.add(field + ".symbol", "must be 1 to 40 characters, not blank; got " + PortfolioOptions.shown(a.symbol()));
            } else {
                field = "assets." + a.symbol();
                if (!seen.add(a.symbol())) {
                    errors.add(field, "appears twice; symbols must be unique");
                }
            }
            if (a.bars() == null) {
                errors.add(field + ".bars", "are required");
            }
            if (a.currency() != null && !PortfolioOptions.validCurrency(a.currency())) {
                errors.add(field + ".currency", "must be 1 to 12 letters or digits, or null for the base currency; got "
                        + PortfolioOptions.shown(a.currency()));
            }
            MarketCaps m = a.marketCaps();
            if (m != null) {
                checkCaps(m, field + ".market_caps", errors);
            }
        }
    }

    private static void checkCaps(MarketCaps m, String field, FieldErrors errors) {
        if (m.time() == null || m.marketCap() == null || m.time().length != m.marketCap().length) {
            errors.add(field, "need one time per market cap");
            return;
        }
        for (int i = 0; i < m.time().length; i++) {
            if (i > 0 && m.time()[i] <= m.time()[i - 1]) {
                errors.add(field, "times must be strictly increasing; value " + i + " at " + m.time()[i] + " follows "
                        + m.time()[i - 1]);
                return;
            }
            double c = m.marketCap()[i];
            if (!(c > 0) || Double.isInfinite(c)) {
                errors.add(field, "must be finite and > 0; value " + i + " is " + c);
                return;
            }
        }
    }

    /**
     * Checks bars and FX and builds the universe; the assets' field errors were checked before.
     *
     * @throws BacktestException {@link ErrorCode#INVALID_BARS} for an asset's or an FX series' bars (named);
     *         {@link ErrorCode#INVALID_RUN_OPTIONS} for an asset in another currency without an FX series, or whose
     *         FX series starts after its first bar or market cap
     */
    static Universe of(List<Asset> assets, Map<String, CandleSeries> fx, String baseCurrency) {
        for (Asset a : assets) {
            checkBars("asset '" + a.symbol() + "'", a.bars());
        }
        Set<String> checkedFx = new HashSet<>();
        int size = assets.size();
        double[][] open = new double[size][];
        double[][] close = new double[size][];
        double[][] cap = new double[size][];
        for (int k = 0; k < size; k++) {
            Asset a = assets.get(k);
            CandleSeries b = a.bars();
            MarketCaps m = a.marketCaps();
            String currency = a.currency() == null ? baseCurrency : a.currency();
            if (currency.equals(baseCurrency)) {
                open[k] = b.open();
                close[k] = b.close();
                cap[k] = m == null ? null : m.marketCap();
                continue;
            }
            CandleSeries rates = fx.get(currency);
            if (rates == null) {
                throw BacktestException.of(ErrorCode.INVALID_RUN_OPTIONS, "asset '" + a.symbol() + "' is priced in " + currency
                        + " and the base currency is " + baseCurrency + ", but there is no FX series for " + currency
                        + "; add one (the price of 1 " + currency + " in " + baseCurrency + "), FX series given for: "
                        + fx.keySet()).with("asset", a.symbol()).with("currency", currency);
            }
            if (checkedFx.add(currency)) {
                checkBars("FX series for " + currency, rates);
            }
            long first = m == null || m.size() == 0 ? b.time()[0] : Math.min(b.time()[0], m.time()[0]);
            if (rates.time()[0] > first) {
                throw BacktestException.of(ErrorCode.INVALID_RUN_OPTIONS, "the FX series for " + currency + " starts at "
                        + rates.time()[0] + ", after asset '" + a.symbol() + "''s first " + (first == b.time()[0] ? "bar" : "market cap")
                        + " at " + first + "; every price and market cap needs an FX close at or before its time")
                        .with("asset", a.symbol()).with("currency", currency);
            }
            open[k] = converted(b.time(), b.open(), rates);
            close[k] = converted(b.time(), b.close(), rates);
            cap[k] = m == null ? null : converted(m.time(), m.marketCap(), rates);
        }
        return new Universe(assets, baseCurrency, open, close, cap);
    }

    private static void checkBars(String what, CandleSeries series) {
        try {
            Engine.checkBars(series);
        } catch (BacktestException e) {
            throw BacktestException.of(ErrorCode.INVALID_BARS, what + ": " + e.getMessage());
        }
    }

    /** {@code values[i]} times the FX close at or before {@code time[i]} (which exists: checked before). */
    private static double[] converted(long[] time, double[] values, CandleSeries rates) {
        long[] rt = rates.time();
        double[] rc = rates.close();
        double[] out = new double[values.length];
        int j = 0;
        for (int i = 0; i < values.length; i++) {
            while (j + 1 < rt.length && rt[j + 1] <= time[i]) {
                j++;
            }
            out[i] = values[i] * rc[j];
        }
        return out;
    }

    /** The sorted union of sorted, strictly increasing arrays. */
    static long[] union(long[][] times) {
        long[] u = times[0];
        for (int k = 1; k < times.length; k++) {
            long[] b = times[k];
            if (Arrays.equals(u, b)) {
                continue;
            }
            long[] out = new long[u.length + b.length];
            int i = 0;
            int j = 0;
            int n = 0;
            while (i < u.length || j < b.length) {
                long x = i < u.length ? u[i] : Long.MAX_VALUE;
                long y = j < b.length ? b[j] : Long.MAX_VALUE;
                if (x <= y) {
                    out[n++] = x;
                    i++;
                    if (x == y) {
                        j++;
                    }
                } else {
                    out[n++] = y;
                    j++;
                }
            }
            u = Arrays.copyOf(out, n);
        }
        return u == times[0] ? u.clone() : u;
    }

    /** The index of {@code symbol}, or -1. */
    int indexOf(String symbol) {
        Integer k = index.get(symbol);
        return k == null ? -1 : k;
    }

    List<String> symbols() {
        return Collections.unmodifiableList(symbolList);
    }
}

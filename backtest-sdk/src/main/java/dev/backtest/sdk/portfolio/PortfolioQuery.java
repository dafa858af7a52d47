package dev.backtest.sdk.portfolio;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Sweep;
import dev.backtest.engine.Timeframe;
import dev.backtest.engine.portfolio.Asset;
import dev.backtest.engine.portfolio.Investment;
import dev.backtest.engine.portfolio.MarketCaps;
import dev.backtest.engine.portfolio.Portfolio;
import dev.backtest.engine.portfolio.PortfolioOptions;
import dev.backtest.engine.portfolio.PortfolioResult;
import dev.backtest.engine.portfolio.PortfolioStrategy;
import dev.backtest.engine.portfolio.PortfolioSweepResult;
import dev.backtest.engine.portfolio.SimulationResult;
import dev.backtest.error.BacktestException;
import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.marketdata.CandleQuery;
import dev.backtest.sdk.marketdata.SourceResolution;
import dev.backtest.sdk.marketdata.Symbols;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A multi-asset portfolio over the candle store, ending in a terminal verb: {@link #run()}, {@link #simulate},
 * {@link #sweep}, or {@link #portfolio()} for the loaded {@link Portfolio} itself. The candles of every symbol (and of
 * every FX symbol) are fetched in one call, in parallel, through the candle service and its caches; the run is the
 * engine's ({@code dev.backtest.engine.portfolio}, semantics in docs/portfolio.md). Immutable and thread-safe.
 *
 * <p>Market caps are inputs of the run ({@link #marketCaps}); an FX series is an ordinary symbol of the candle store
 * whose closes price one unit of the currency in the base currency ({@link #fx}).
 *
 * <pre>{@code
 * PortfolioResult r = client.portfolios()
 *         .symbols("SPY", "AGG", "GLD")
 *         .between(LocalDate.of(2015, 1, 1), LocalDate.of(2024, 12, 31))
 *         .timeframe(Timeframe.D1)
 *         .options(PortfolioOptions.builder().weighting(Weighting.inverseVolatility(60))
 *                 .schedule(Schedule.monthly()).maxWeight(0.5).benchmark("SPY").build())
 *         .run();
 * SimulationResult s = client.portfolios().symbols("SPY", "AGG").between(from, to).timeframe("1d")
 *         .simulate(Investment.of(LocalDate.of(2016, 1, 1), 10_000).monthly(500));
 * }</pre>
 */
public final class PortfolioQuery {

    /** The most symbols in one portfolio (FX symbols not counted). */
    public static final int MAX_SYMBOLS = 1000;

    private final CandleQuery candles;
    private final List<String> symbols;
    private final LocalDate start;
    private final LocalDate end;
    private final Timeframe timeframe;
    private final SourceResolution resolution;
    private final PortfolioOptions options;
    private final Map<String, MarketCaps> marketCaps;
    private final Map<String, String> currencies;
    private final Map<String, String> fxSymbols;

    /** A portfolio whose candles come from {@code candles} (usually {@code client.candles()}). */
    public PortfolioQuery(CandleQuery candles) {
        this(Objects.requireNonNull(candles, "candles"), List.of(), null, null, null, SourceResolution.YEARLY,
                PortfolioOptions.defaults(), Map.of(), Map.of(), Map.of());
    }

    private PortfolioQuery(CandleQuery candles, List<String> symbols, LocalDate start, LocalDate end, Timeframe timeframe,
                           SourceResolution resolution, PortfolioOptions options, Map<String, MarketCaps> marketCaps,
                           Map<String, String> currencies, Map<String, String> fxSymbols) {
        this.candles = candles;
        this.symbols = symbols;
        this.start = start;
        this.end = end;
        this.timeframe = timeframe;
        this.resolution = resolution;
        this.options = options;
        this.marketCaps = marketCaps;
        this.currencies = currencies;
        this.fxSymbols = fxSymbols;
    }

    /** The assets, in the order their results are listed (replaces any set before; duplicates are dropped). */
    public PortfolioQuery symbols(String... symbols) {
        return symbols(List.of(symbols));
    }

    /** The assets, in the order their results are listed (replaces any set before; duplicates are dropped). */
    public PortfolioQuery symbols(List<String> symbols) {
        LinkedHashSet<String> checked = new LinkedHashSet<>();
        for (String s : symbols) {
            checked.add(Symbols.require(s));
        }
        if (checked.size() > MAX_SYMBOLS) {
            throw FieldErrors.single("symbols", checked.size() + " symbols given; accepted: at most " + MAX_SYMBOLS);
        }
        return new PortfolioQuery(candles, List.copyOf(checked), start, end, timeframe, resolution, options, marketCaps,
                currencies, fxSymbols);
    }

    /** Whole UTC days from {@code first} to {@code last}, both inclusive (the rules of {@link CandleQuery#between}). */
    public PortfolioQuery between(LocalDate first, LocalDate last) {
        candles.between(first, last); // refuses a bad range now, with the candle query's own errors
        return new PortfolioQuery(candles, symbols, first, last, timeframe, resolution, options, marketCaps, currencies,
                fxSymbols);
    }

    /** The bar width of every asset (required). */
    public PortfolioQuery timeframe(Timeframe timeframe) {
        Objects.requireNonNull(timeframe, "timeframe");
        return new PortfolioQuery(candles, symbols, start, end, timeframe, resolution, options, marketCaps, currencies,
                fxSymbols);
    }

    /** Parses {@code 1m 5m 15m 30m 1h 4h 1d 1w 1M}. */
    public PortfolioQuery timeframe(String timeframe) {
        return timeframe(Timeframe.parse(timeframe));
    }

    /** The layout of the source files (default {@code 1Y}). */
    public PortfolioQuery sourceResolution(SourceResolution resolution) {
        return new PortfolioQuery(candles, symbols, start, end, timeframe, Objects.requireNonNull(resolution, "resolution"),
                options, marketCaps, currencies, fxSymbols);
    }

    /** Cash, commission, weighting, schedule, cap, threshold, benchmark (default {@link PortfolioOptions#defaults()}). */
    public PortfolioQuery options(PortfolioOptions options) {
        return new PortfolioQuery(candles, symbols, start, end, timeframe, resolution, Objects.requireNonNull(options, "options"),
                marketCaps, currencies, fxSymbols);
    }

    /** The market caps of one of the assets, for the {@code market_cap} weighting. */
    public PortfolioQuery marketCaps(String symbol, MarketCaps caps) {
        Map<String, MarketCaps> m = new LinkedHashMap<>(marketCaps);
        m.put(Symbols.require(symbol), Objects.requireNonNull(caps, "caps"));
        return new PortfolioQuery(candles, symbols, start, end, timeframe, resolution, options, Map.copyOf(m), currencies,
                fxSymbols);
    }

    /** The currency an asset is priced in, when it is not the base currency. */
    public PortfolioQuery currency(String symbol, String currency) {
        Map<String, String> m = new LinkedHashMap<>(currencies);
        m.put(Symbols.require(symbol), Objects.requireNonNull(currency, "currency"));
        return new PortfolioQuery(candles, symbols, start, end, timeframe, resolution, options, marketCaps, Map.copyOf(m),
                fxSymbols);
    }

    /**
     * The symbol of the candle store whose closes price one unit of {@code currency} in the base currency (for
     * {@code EUR} with base {@code USD}: EUR/USD, about 1.1), fetched with the assets' range and timeframe.
     */
    public PortfolioQuery fx(String currency, String fxSymbol) {
        Map<String, String> m = new LinkedHashMap<>(fxSymbols);
        m.put(Objects.requireNonNull(currency, "currency"), Symbols.require(fxSymbol));
        return new PortfolioQuery(candles, symbols, start, end, timeframe, resolution, options, marketCaps, currencies,
                Map.copyOf(m));
    }

    /**
     * Fetches the candles of every asset and FX symbol in parallel and builds the portfolio, for several runs on
     * the same data (a strategy of one's own, options tried in turn).
     *
     * @throws BacktestException {@code VALIDATION_FAILED} naming every missing or inconsistent field (no symbols, no
     *         range or timeframe, market caps or a currency for a symbol that is not an asset, an unknown benchmark);
     *         the candle service's codes ({@code SYMBOL_NOT_FOUND}, {@code RESULT_TOO_LARGE}, ...) for the data
     */
    public Portfolio portfolio() {
        FieldErrors errors = new FieldErrors();
        if (symbols.isEmpty()) {
            errors.add("symbols", "is required: one or more symbols");
        }
        if (start == null) {
            errors.add("start_date", "is required; call between(start, end)");
        }
        if (timeframe == null) {
            errors.add("timeframe", "is required; accepted: " + Timeframe.codes());
        }
        for (String s : marketCaps.keySet()) {
            if (!symbols.contains(s)) {
                errors.add("market_caps." + s, "is not one of the assets " + symbols);
            }
        }
        for (String s : currencies.keySet()) {
            if (!symbols.contains(s)) {
                errors.add("currencies." + s, "is not one of the assets " + symbols);
            }
        }
        errors.throwIfAny();
        List<String> all = new ArrayList<>(symbols);
        fxSymbols.values().stream().filter(s -> !all.contains(s)).forEach(all::add);
        Map<String, CandleSeries> bars = candles.symbols(all.toArray(String[]::new)).between(start, end).timeframe(timeframe)
                .sourceResolution(resolution).fetchAll();
        Portfolio.Builder builder = Portfolio.builder().options(options);
        for (String s : symbols) {
            Asset asset = Asset.of(s, bars.get(s));
            if (currencies.containsKey(s)) {
                asset = asset.inCurrency(currencies.get(s));
            }
            if (marketCaps.containsKey(s)) {
                asset = asset.withMarketCaps(marketCaps.get(s));
            }
            builder.asset(asset);
        }
        fxSymbols.forEach((currency, fxSymbol) -> builder.fx(currency, bars.get(fxSymbol)));
        return builder.build();
    }

    /** Runs the options' weighting. */
    public PortfolioResult run() {
        return portfolio().run();
    }

    /** Runs a strategy of one's own (target weights on each decision; see {@link PortfolioStrategy}). */
    public PortfolioResult run(PortfolioStrategy strategy) {
        return portfolio().run(strategy);
    }

    /** Simulates an investment: {@code amount} at {@code start_date}, optional monthly contributions. */
    public SimulationResult simulate(Investment investment) {
        return portfolio().simulate(investment);
    }

    /** Simulates an investment with a strategy of one's own. */
    public SimulationResult simulate(Investment investment, PortfolioStrategy strategy) {
        return portfolio().simulate(investment, strategy);
    }

    /**
     * Sweeps the portfolio parameters ({@code lookback}, {@code max_weight}, {@code threshold}, {@code schedule}) on all
     * cores, ranked by the sweep's metric (a portfolio statistic).
     */
    public PortfolioSweepResult sweep(Sweep sweep) {
        return portfolio().sweep(sweep);
    }

    /** Sweeps a strategy of one's own: {@code factory} makes one from each combination's parameters. */
    public PortfolioSweepResult sweep(Sweep sweep, Function<Map<String, Object>, PortfolioStrategy> factory) {
        return portfolio().sweep(sweep, factory);
    }

    @Override
    public String toString() {
        return "PortfolioQuery" + symbols + " " + start + ".." + end + " " + (timeframe == null ? "-" : timeframe.code());
    }
}

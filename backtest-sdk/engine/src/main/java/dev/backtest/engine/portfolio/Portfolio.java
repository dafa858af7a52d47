package dev.backtest.engine.portfolio;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Sweep;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldErrors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A portfolio: assets with their bars, FX series and options, validated once, ready to run with the built-in
 * weighting or a strategy of one's own, to sweep, and to simulate an investment. Immutable and thread-safe: runs
 * share the validated data (read in place; assets in another currency get converted copies of their opens and
 * closes) and each has its own state. Pure computation, no I/O.
 *
 * <pre>{@code
 * Portfolio p = Portfolio.builder()
 *         .asset(Asset.of("SPY", spy)).asset(Asset.of("AGG", agg)).asset(Asset.of("SAP", sap).inCurrency("EUR"))
 *         .fx("EUR", eurUsd)
 *         .options(PortfolioOptions.builder().cash(100_000).weighting(Weighting.inverseVolatility(60))
 *                 .schedule(Schedule.monthly()).maxWeight(0.5).benchmark("SPY").build())
 *         .build();
 * PortfolioResult r = p.run();
 * System.out.printf("CAGR %.2f %%, Sharpe %.2f%n", r.stats().cagrPct(), r.stats().sharpeRatio());
 * }</pre>
 */
public final class Portfolio {

    /** The parameters a sweep sets on the options; a strategy factory receives any others. */
    public static final List<String> PARAMETERS = List.of("lookback", "max_weight", "threshold", "schedule");

    private final List<Asset> assets;
    private final Map<String, CandleSeries> fx;
    private final PortfolioOptions options;
    private final Universe universe;

    private Portfolio(List<Asset> assets, Map<String, CandleSeries> fx, PortfolioOptions options, Universe universe) {
        this.assets = assets;
        this.fx = fx;
        this.options = options;
        this.universe = universe;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Asset> assets() {
        return assets;
    }

    public List<String> symbols() {
        return universe.symbolList;
    }

    /** FX series by currency: the price of one unit of that currency in the base currency. */
    public Map<String, CandleSeries> fx() {
        return fx;
    }

    public PortfolioOptions options() {
        return options;
    }

    /** The timeline: the sorted union of all assets' bar times (epoch seconds). A copy. */
    public long[] timeline() {
        return universe.timeline.clone();
    }

    /**
     * The same assets with other options; the data is not checked again. The base currency stays: the FX series are
     * prices in it.
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} for options that do not fit the assets (an unknown
     *         benchmark or weighted symbol, market-cap weights without market caps, another base currency)
     */
    public Portfolio with(PortfolioOptions newOptions) {
        FieldErrors errors = new FieldErrors();
        checkAgainstAssets(newOptions, assets, errors);
        if (!newOptions.baseCurrency().equals(options.baseCurrency())) {
            errors.add("base_currency", "cannot change from " + options.baseCurrency() + " once the portfolio is built: its FX "
                    + "series are prices in " + options.baseCurrency() + "; build a portfolio with FX series in "
                    + PortfolioOptions.shown(newOptions.baseCurrency()));
        }
        errors.throwIfAny();
        return new Portfolio(assets, fx, newOptions, universe);
    }

    /** Runs the options' weighting. */
    public PortfolioResult run() {
        return run(weighting());
    }

    /**
     * Runs a strategy of one's own (a fresh instance: it keeps its state) instead of the options' weighting.
     *
     * @throws BacktestException {@link ErrorCode#LOOKAHEAD} when it reads past a decision's time;
     *         {@link ErrorCode#INVALID_ORDER} for weights that are not valid (unknown symbol, outside [0, 1], summing
     *         above 1)
     */
    public PortfolioResult run(PortfolioStrategy strategy) {
        return new PortfolioResult(universe, options, new PortfolioRun(universe, options, strategy, 0, 0, true).run());
    }

    /** The statistics alone of a run (no fills or decisions kept): what a sweep ranks. */
    PortfolioStats stats(PortfolioStrategy strategy) {
        PortfolioRun.Outcome o = new PortfolioRun(universe, options, strategy, 0, 0, false).run();
        long[] time = universe.timeline;
        return PortfolioStats.compute(PortfolioResult.inputs(time, o)).stats();
    }

    private PortfolioStrategy weighting() {
        return BuiltInWeighting.of(options.weighting(), universe);
    }

    /**
     * Sweeps the portfolio parameters of {@link #PARAMETERS} with the options' weighting: {@code lookback} (an integer
     * &ge; 2, for {@code inverse_volatility}), {@code max_weight} (a number in (0, 1], or null for no cap),
     * {@code threshold} (in (0, 1), or null for none) and {@code schedule} (a {@link Schedule} or its text). The
     * sweep's grid order, constraint, top and threads apply as for single-asset sweeps; a combination whose value is
     * out of range is skipped and not counted, like one a strategy refuses. Each combination runs as
     * {@code with(options set by the combination).run()} would.
     *
     * @throws BacktestException {@link ErrorCode#INVALID_RUN_OPTIONS} for a metric that is not a
     *         {@link PortfolioStats} name; {@link ErrorCode#VALIDATION_FAILED} for a parameter that is not a portfolio
     *         parameter (or {@code lookback} without inverse-volatility weights)
     */
    public PortfolioSweepResult sweep(Sweep sweep) {
        return sweep(sweep, null);
    }

    /**
     * Sweeps a strategy of one's own: {@code factory} makes a fresh strategy from each combination's parameters (and
     * may refuse one with {@link ErrorCode#INVALID_STRATEGY_PARAMETER}: skipped); {@code max_weight}, {@code threshold}
     * and {@code schedule} also set the options.
     */
    public PortfolioSweepResult sweep(Sweep sweep, Function<Map<String, Object>, PortfolioStrategy> factory) {
        String metric = PortfolioStats.requireMetric(sweep.metric());
        if (factory == null) {
            FieldErrors errors = new FieldErrors();
            Set<String> axes = new java.util.HashSet<>();
            sweep.axes().forEach(a -> axes.add(a.name()));
            for (String name : sweep.parameters()) {
                String field = (axes.contains(name) ? "grid." : "fixed.") + name;
                if (!PARAMETERS.contains(name)) {
                    errors.add(field, "is not a portfolio parameter; accepted: " + PARAMETERS);
                } else if (name.equals("lookback") && !(options.weighting() instanceof Weighting.InverseVolatility)) {
                    errors.add(field, "applies to the inverse_volatility weighting only; the weighting is " + options.weighting());
                }
            }
            errors.throwIfAny();
        }
        List<Map<String, Object>> combinations = sweep.combinations(params -> configured(params, factory));
        List<Sweep.Scored<PortfolioStats>> scored = sweep.evaluate(combinations, 0, params -> {
            Configured c = configured(params, factory);
            return c.portfolio().stats(c.strategy());
        });
        List<PortfolioSweepResult.Entry> best = new ArrayList<>(scored.size());
        for (Sweep.Scored<PortfolioStats> s : scored) {
            best.add(new PortfolioSweepResult.Entry(s.combination(), s.params(), s.metric(), s.stats()));
        }
        return new PortfolioSweepResult(metric, sweep.size(), combinations.size(), best);
    }

    private record Configured(Portfolio portfolio, PortfolioStrategy strategy) {
    }

    /**
     * This portfolio with a combination's parameters set on the options, and its strategy.
     *
     * @throws BacktestException {@link ErrorCode#INVALID_STRATEGY_PARAMETER} for a value of the wrong type or range
     */
    private Configured configured(Map<String, Object> params, Function<Map<String, Object>, PortfolioStrategy> factory) {
        PortfolioOptions.Builder b = options.toBuilder();
        if (factory == null && params.containsKey("lookback")) {
            Object v = params.get("lookback");
            if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < 2
                    || n.doubleValue() > Integer.MAX_VALUE) {
                throw parameter("lookback", "must be an integer >= 2", v);
            }
            b.weighting(Weighting.inverseVolatility(n.intValue()));
        }
        if (params.containsKey("max_weight")) {
            Object v = params.get("max_weight");
            if (v != null && !(v instanceof Number n && n.doubleValue() > 0 && n.doubleValue() <= 1)) {
                throw parameter("max_weight", "must be a number in (0, 1], or null for no cap", v);
            }
            b.maxWeight(v == null ? null : ((Number) v).doubleValue());
        }
        if (params.containsKey("threshold")) {
            Object v = params.get("threshold");
            if (v != null && !(v instanceof Number n && n.doubleValue() > 0 && n.doubleValue() < 1)) {
                throw parameter("threshold", "must be a number in (0, 1), or null for none", v);
            }
            b.threshold(v == null ? null : ((Number) v).doubleValue());
        }
        if (params.containsKey("schedule")) {
            Object v = params.get("schedule");
            Schedule s = v instanceof Schedule given ? given : Schedule.parse(v == null ? null : v.toString());
            if (s instanceof Schedule.EveryN e && e.n() < 1) {
                throw parameter("schedule", "every_n needs N >= 1", v);
            }
            b.schedule(s);
        }
        Portfolio p = new Portfolio(assets, fx, b.build(), universe);
        return new Configured(p, factory == null ? p.weighting() : factory.apply(params));
    }

    private static BacktestException parameter(String name, String what, Object value) {
        return BacktestException.of(ErrorCode.INVALID_STRATEGY_PARAMETER, "parameter '" + name + "' " + what + ", got " + value)
                .with("parameter", name);
    }

    /**
     * Simulates an investment with the options' weighting: {@code amount} from the first timeline time on or after
     * the start date (earlier bars are history the weighting may read), a monthly contribution at the first timeline
     * time of each later month. See {@link SimulationResult}.
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} (field {@code start_date}) when no timeline time
     *         is on or after the start date
     */
    public SimulationResult simulate(Investment investment) {
        return simulate(investment, weighting());
    }

    /** Simulates an investment with a strategy of one's own (a fresh instance). */
    public SimulationResult simulate(Investment investment, PortfolioStrategy strategy) {
        long start = investment.startDate().toEpochDay() * 86_400L;
        long[] timeline = universe.timeline;
        int i = java.util.Arrays.binarySearch(timeline, start);
        int from = i >= 0 ? i : -i - 1;
        if (from >= timeline.length) {
            throw FieldErrors.single("start_date", "must be on or before the last timeline time ("
                    + java.time.Instant.ofEpochSecond(timeline[timeline.length - 1]) + "); got " + investment.startDate());
        }
        PortfolioOptions o = options.toBuilder().cash(investment.amount()).build();
        PortfolioResult run = new PortfolioResult(universe, o,
                new PortfolioRun(universe, o, strategy, from, investment.monthlyContribution(), true).run());
        long[] time = run.time();
        double[] equity = run.equity();
        double[] added = run.contributionsAdded();
        List<SimulationResult.Flow> flows = new ArrayList<>();
        flows.add(new SimulationResult.Flow(time[0], investment.amount()));
        double contributions = 0;
        if (added != null) {
            for (int j = 0; j < added.length; j++) {
                if (added[j] > 0) {
                    flows.add(new SimulationResult.Flow(time[j], added[j]));
                    contributions += added[j];
                }
            }
        }
        int n = time.length;
        long[] cfTime = new long[flows.size() + 1];
        double[] cf = new double[flows.size() + 1];
        for (int j = 0; j < flows.size(); j++) {
            cfTime[j] = flows.get(j).time();
            cf[j] = -flows.get(j).amount();
        }
        cfTime[flows.size()] = time[n - 1];
        cf[flows.size()] = equity[n - 1];
        double twr = run.stats().returnPct();
        double days = (time[n - 1] - time[0]) / 86_400.0;
        double twrAnn = days > 0 ? (Math.pow(1 + twr / 100, 365 / days) - 1) * 100 : Double.NaN;
        return new SimulationResult(run, flows, investment.amount(), contributions, equity[n - 1], twr, twrAnn,
                MoneyWeightedReturn.annualPct(cfTime, cf));
    }

    /** The checks of options against the assets: a known benchmark, known weighted symbols, market caps to weight by. */
    private static void checkAgainstAssets(PortfolioOptions o, List<Asset> assets, FieldErrors errors) {
        Set<String> symbols = new java.util.LinkedHashSet<>();
        boolean anyCaps = false;
        for (Asset a : assets) {
            if (a != null) {
                symbols.add(a.symbol());
                anyCaps |= a.marketCaps() != null && a.marketCaps().time() != null && a.marketCaps().time().length > 0;
            }
        }
        if (o.benchmark() != null && !symbols.contains(o.benchmark())) {
            errors.add("benchmark", "must be the symbol of one of the assets " + symbols + "; got " + PortfolioOptions.shown(o.benchmark()));
        }
        if (o.weighting() instanceof Weighting.Fixed f) {
            for (String s : f.weights().keySet()) {
                if (!symbols.contains(s)) {
                    errors.add("weighting.weights." + s, "is not an asset of the portfolio; assets: " + symbols);
                }
            }
        }
        if (o.weighting() instanceof Weighting.MarketCap && !anyCaps) {
            errors.add("weighting", "market_cap needs market caps for at least one asset; none has any");
        }
    }

    /** Builder of {@link Portfolio}; everything is checked in {@link #build()}. */
    public static final class Builder {
        private final List<Asset> assets = new ArrayList<>();
        private final Map<String, CandleSeries> fx = new LinkedHashMap<>();
        private PortfolioOptions options = PortfolioOptions.defaults();

        private Builder() {
        }

        public Builder asset(Asset asset) {
            assets.add(asset);
            return this;
        }

        /** An asset in the base currency; its symbol is {@code symbol}. */
        public Builder asset(String symbol, CandleSeries bars) {
            return asset(Asset.of(symbol, bars));
        }

        public Builder assets(List<Asset> list) {
            assets.addAll(list);
            return this;
        }

        /** The FX series of {@code currency}: its close is the price of one unit of it in the base currency. */
        public Builder fx(String currency, CandleSeries rates) {
            fx.put(currency, rates);
            return this;
        }

        public Builder options(PortfolioOptions o) {
            options = o;
            return this;
        }

        /**
         * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} naming every field that is wrong (assets, FX
         *         entries, options that do not fit the assets); {@link ErrorCode#INVALID_BARS} for an asset's or an FX
         *         series' bars, named; {@link ErrorCode#INVALID_RUN_OPTIONS} for an asset in another currency without
         *         an FX series covering it
         */
        public Portfolio build() {
            FieldErrors errors = new FieldErrors();
            List<Asset> list = Collections.unmodifiableList(new ArrayList<>(assets));
            Universe.checkAssets(list, errors);
            for (Map.Entry<String, CandleSeries> e : fx.entrySet()) {
                if (!PortfolioOptions.validCurrency(e.getKey())) {
                    errors.add("fx", "currencies must be 1 to 12 letters or digits; got " + PortfolioOptions.shown(e.getKey()));
                } else if (e.getValue() == null) {
                    errors.add("fx." + e.getKey(), "is required: the price of 1 " + e.getKey() + " in the base currency over time");
                }
            }
            if (options == null) {
                errors.add("options", "are required");
            } else {
                checkAgainstAssets(options, list, errors);
            }
            errors.throwIfAny();
            Map<String, CandleSeries> rates = Collections.unmodifiableMap(new LinkedHashMap<>(fx));
            return new Portfolio(list, rates, options, Universe.of(list, rates, options.baseCurrency()));
        }
    }
}

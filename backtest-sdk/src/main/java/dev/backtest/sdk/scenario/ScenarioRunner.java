package dev.backtest.sdk.scenario;

import dev.backtest.engine.BacktestResult;
import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Engine;
import dev.backtest.engine.RunOptions;
import dev.backtest.engine.Sweep;
import dev.backtest.engine.SweepResult;
import dev.backtest.engine.Timeframe;
import dev.backtest.engine.WalkForward;
import dev.backtest.engine.WalkForwardResult;
import dev.backtest.engine.portfolio.Asset;
import dev.backtest.engine.portfolio.Portfolio;
import dev.backtest.engine.portfolio.PortfolioOptions;
import dev.backtest.engine.portfolio.PortfolioResult;
import dev.backtest.engine.portfolio.PortfolioSweepResult;
import dev.backtest.engine.portfolio.Schedule;
import dev.backtest.engine.portfolio.Weighting;
import dev.backtest.engine.strategies.Strategies;
import dev.backtest.engine.strategies.StrategySpec;
import dev.backtest.error.BacktestException;
import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.marketdata.MarketDataService;
import dev.backtest.sdk.csv.CsvCandles;
import dev.backtest.sdk.marketdata.SourceResolution;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a parsed scenario: loads the bars, then one run, a sweep and a full run of its best combination, or a
 * walk-forward of the grid.
 */
final class ScenarioRunner {

    private ScenarioRunner() {
    }

    static ScenarioResult run(Scenario s, MarketDataService client) {
        List<CandleSeries> bars = load(s, client);
        if (s.strategy() != null) {
            return strategy(s, bars.get(0));
        }
        return portfolio(s, bars);
    }

    private static ScenarioResult strategy(Scenario s, CandleSeries series) {
        StrategySpec spec = Strategies.spec(s.strategy().key());
        RunOptions options = s.options().runOptions();
        Map<String, Object> params = s.strategy().params();
        SweepResult sweep = null;
        if (s.walkForward() != null) {
            return walkForward(s, series, spec, options, params);
        }
        if (s.grid() != null) {
            Map<String, Object> fixed = new LinkedHashMap<>(params);
            fixed.keySet().removeAll(s.grid().params().keySet());
            sweep = Sweep.of(s.grid().params(), fixed, s.grid().constraint(), s.grid().top()).metric(s.grid().metric())
                    .run(series, spec::create, options);
            if (sweep.best().isEmpty()) {
                throw FieldErrors.single("$.grid", "no combination of the grid could run (the constraint or the strategy refused them all)");
            }
            params = sweep.best().get(0).params();
        }
        BacktestResult result = Engine.run(series, spec.create(params), options);
        return new ScenarioResult(s, result, series, null, null, sweep, null, s.grid() == null ? null : params, null);
    }

    /**
     * The engine's walk-forward of the grid (the strategy's other parameters fixed underneath, as
     * {@code client.engine().walkForward(series, wf, key, options)} fixes them); its errors under the scenario's paths,
     * too few bars at {@code $.walk_forward.train_bars}.
     */
    private static ScenarioResult walkForward(Scenario s, CandleSeries series, StrategySpec spec, RunOptions options,
                                              Map<String, Object> params) {
        Scenario.WalkForward w = s.walkForward();
        Map<String, Object> fixed = new LinkedHashMap<>(params);
        fixed.keySet().removeAll(s.grid().params().keySet());
        Sweep sweep = Sweep.of(s.grid().params(), fixed, s.grid().constraint(), s.grid().top()).metric(s.grid().metric());
        WalkForward wf = inPaths(() -> WalkForward.of(sweep, w.trainBars(), w.testBars(), w.step(), WalkForward.Mode.parse(w.mode())));
        WalkForwardResult result = inPaths(() -> wf.run(series, spec::create, options));
        return new ScenarioResult(s, null, series, null, null, null, null, null, result);
    }

    private static ScenarioResult portfolio(Scenario s, List<CandleSeries> bars) {
        Scenario.PortfolioSpec p = s.portfolio();
        Scenario.Options o = s.options();
        PortfolioOptions.Builder b = PortfolioOptions.builder()
                .weighting(weighting(p))
                .schedule(Schedule.parse(p.rebalance()))
                .maxWeight(p.maxWeight()).threshold(p.threshold()).benchmark(p.benchmark());
        if (o.cash() != null) b.cash(o.cash());
        if (o.commission() != null) b.commission(o.commission());
        if (o.fractionalUnits() != null) b.fractional(o.fractionalUnits());
        PortfolioOptions options = inPaths(b::build);
        List<Asset> assets = new ArrayList<>();
        bars.forEach(series -> assets.add(Asset.of(series.symbol(), series)));
        Portfolio loaded = inPaths(() -> Portfolio.builder().assets(assets).options(options).build());
        Portfolio portfolio = loaded;
        CandleSeries benchmark = p.benchmark() == null ? null
                : bars.stream().filter(x -> x.symbol().equals(p.benchmark())).findFirst().orElse(null);
        PortfolioSweepResult sweep = null;
        Map<String, Object> best = null;
        if (s.grid() != null) {
            Sweep grid = Sweep.of(s.grid().params(), Map.of(), s.grid().constraint(), s.grid().top())
                    .statistics(dev.backtest.engine.portfolio.PortfolioStats::requireMetric).metric(s.grid().metric());
            sweep = inPaths(() -> loaded.sweep(grid));
            if (sweep.best().isEmpty()) {
                throw FieldErrors.single("$.grid", "no combination of the grid could run (the constraint or the values refused them all)");
            }
            best = sweep.best().get(0).params();
            portfolio = portfolio.with(configured(options, best));
        }
        return new ScenarioResult(s, null, null, portfolio.run(), benchmark, null, sweep, best, null);
    }

    /** The options with a sweep combination's portfolio parameters set, as the engine's sweep sets them. */
    private static PortfolioOptions configured(PortfolioOptions options, Map<String, Object> params) {
        PortfolioOptions.Builder b = options.toBuilder();
        if (params.get("lookback") instanceof Number n) {
            b.weighting(Weighting.inverseVolatility(n.intValue()));
        }
        if (params.containsKey("max_weight")) {
            b.maxWeight(params.get("max_weight") instanceof Number n ? n.doubleValue() : null);
        }
        if (params.containsKey("threshold")) {
            b.threshold(params.get("threshold") instanceof Number n ? n.doubleValue() : null);
        }
        if (params.get("schedule") != null) {
            b.schedule(params.get("schedule") instanceof Schedule given ? given : Schedule.parse(params.get("schedule").toString()));
        }
        return b.build();
    }

    private static Weighting weighting(Scenario.PortfolioSpec p) {
        return switch (p.weighting()) {
            case "fixed" -> Weighting.fixed(p.weights());
            case "inverse_volatility" -> Weighting.inverseVolatility(p.lookback());
            default -> Weighting.equal();
        };
    }

    /** Runs an engine validation; its field errors ({@code max_weight}) are reported under the scenario's paths. */
    private static <T> T inPaths(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (BacktestException e) {
            if (!(e.details().get("errors") instanceof List<?> list)) {
                throw e;
            }
            FieldErrors errors = new FieldErrors();
            for (Object x : list) {
                if (x instanceof dev.backtest.error.FieldError f) {
                    errors.add(path(f.field()), f.message());
                }
            }
            errors.throwIfAny();
            throw e;
        }
    }

    private static String path(String field) {
        if (field.startsWith("grid.")) {
            return "$.grid.params." + field.substring("grid.".length());
        }
        if (field.startsWith("weighting.weights")) {
            return "$.portfolio.weights" + field.substring("weighting.weights".length());
        }
        if (field.startsWith("weighting.")) {
            return "$.portfolio." + field.substring("weighting.".length());
        }
        if (field.startsWith("assets")) {
            return "$.data";
        }
        return switch (field) {
            case "train_bars", "test_bars", "step" -> "$.walk_forward." + field;
            case "grid" -> "$.grid";
            case "cash", "commission" -> "$.options." + field;
            case "schedule" -> "$.portfolio.rebalance";
            case "constraint", "top", "metric" -> "$.grid." + field;
            default -> "$.portfolio." + field;
        };
    }

    /** The bars of every symbol, in the order of the scenario, each problem under the path that named it. */
    private static List<CandleSeries> load(Scenario s, MarketDataService client) {
        Scenario.Data d = s.data();
        FieldErrors errors = new FieldErrors();
        List<CandleSeries> out = new ArrayList<>();
        if (d.source().equals(Scenarios.SOURCE_CSV)) {
            if (s.baseDir() == null) {
                throw FieldErrors.single("$.data.source", "csv files are not read here (only stored symbols): use source store");
            }
            d.files().forEach((symbol, file) -> {
                String at = ScenarioParser.member("$.data.files", symbol);
                Path path = s.baseDir().resolve(file).normalize();
                if (!Files.isRegularFile(path)) {
                    errors.add(at, "no such file: " + path);
                    return;
                }
                CandleSeries series = errors.check(at, () -> CsvCandles.read(path));
                if (series != null) {
                    out.add(CandleSeries.of(symbol, series.timeframe(), series.time(), series.open(), series.high(), series.low(),
                            series.close(), series.volume()));
                }
            });
        } else {
            if (client == null) {
                throw FieldErrors.single("$.data.source", "stored data need a client (a store)");
            }
            List<String> known = client.symbols(SourceResolution.YEARLY);
            Timeframe tf = Timeframe.parse(d.timeframe());
            for (int i = 0; i < d.symbols().size(); i++) {
                String symbol = d.symbols().get(i);
                String at = "$.data.symbols[" + i + "]";
                if (!known.contains(symbol)) {
                    errors.add(at, "unknown symbol " + symbol + "; the store holds " + (known.size() > 20 ? known.subList(0, 20) + "..." : known));
                    continue;
                }
                CandleSeries series = errors.check(at, () -> client.query().symbol(symbol).between(d.start(), d.end()).timeframe(tf).fetch());
                if (series != null && series.size() == 0) {
                    errors.add(at, "has no bars from " + d.start() + " to " + d.end());
                } else if (series != null) {
                    out.add(series);
                }
            }
        }
        errors.throwIfAny();
        return out;
    }
}

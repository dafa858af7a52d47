package dev.backtest.sdk.cli;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.RunOptions;
import dev.backtest.engine.Sweep;
import dev.backtest.engine.WalkForward;
import dev.backtest.engine.WalkForwardResult;
import dev.backtest.engine.strategies.Strategies;
import dev.backtest.engine.strategies.StrategySpec;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.json.BacktestJson;
import dev.backtest.sdk.report.Display;
import dev.backtest.sdk.walkforward.WalkForwardDocument;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code walkforward}: a walk-forward optimisation of a built-in strategy on a CSV file or stored candles. The grid
 * is given per parameter with {@code --grid name=a,b,c} (a list) or {@code --grid name=from:to:step} (inclusive
 * range). Prints a table of the windows and the summary, or with {@code --json} one object
 * {@code {"windows": [...], "out_of_sample": {...}, "efficiency": ...}}.
 */
@Command(name = "walkforward", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Walk-forward optimisation of a built-in strategy: optimise on each training window, test on the next.")
final class WalkForwardCommand implements Callable<Integer> {

    /** The most values one range of {@code --grid} may expand to. */
    static final int MAX_RANGE_VALUES = 10_000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    CandleInput input = new CandleInput();
    @CommandLine.Mixin
    EngineOptionsMixin engine = new EngineOptionsMixin();
    @Option(names = "--strategy", required = true, description = "built-in strategy, e.g. sma_cross")
    String strategy;
    @Option(names = "--grid", required = true, description = "parameter values: name=a,b,c or name=from:to:step (repeatable)")
    List<String> grid = List.of();
    @Option(names = "--constraint", description = "e.g. 'fast < slow'")
    String constraint;
    @Option(names = "--metric", defaultValue = Sweep.DEFAULT_METRIC, description = "statistic to maximise on each training window")
    String metric;
    @Option(names = "--train", required = true, description = "training window, bars")
    int train;
    @Option(names = "--test", required = true, description = "test window, bars")
    int test;
    @Option(names = "--step", description = "bars between windows (default: --test)")
    Integer step;
    @Option(names = "--mode", defaultValue = "rolling", description = "rolling or anchored")
    String mode;
    @Option(names = "--json", description = "print one JSON object (full precision)")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Sweep sweep = Sweep.of(parseGrid(grid), Map.of(), constraint, 1).metric(metric);
        WalkForward wf = WalkForward.of(sweep, train, test, step == null ? test : step, WalkForward.Mode.parse(mode));
        RunOptions options = engine.builder().build();
        CandleSeries series = input.load();
        // as client.engine().walkForward(series, wf, strategy, options), without opening the store for a CSV
        StrategySpec strategySpec = Strategies.spec(strategy);
        Map<String, Object> fixed = new LinkedHashMap<>(strategySpec.defaults());
        WalkForwardResult r = wf.sweep(sweep.fixed(fixed)).run(series, strategySpec::create, options);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(BacktestJson.newMapper().writeValueAsString(WalkForwardDocument.of(r, true)));
        } else {
            table(out, series, r);
        }
        return 0;
    }

    /**
     * {@code name=a,b,c} or {@code name=from:to:step} (inclusive, integers when all three are) per entry, in the
     * order given.
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} naming the entry that is wrong
     */
    static Map<String, List<?>> parseGrid(List<String> entries) {
        Map<String, List<?>> out = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw bad(entry, "is not name=a,b,c or name=from:to:step");
            }
            String name = entry.substring(0, eq).strip();
            String raw = entry.substring(eq + 1).strip();
            out.put(name, raw.contains(":") ? range(entry, raw) : list(entry, raw));
        }
        return out;
    }

    private static List<Object> list(String entry, String raw) {
        List<Object> values = new ArrayList<>();
        for (String v : raw.split(",")) {
            String s = v.strip();
            if (s.isEmpty()) {
                throw bad(entry, "has an empty value");
            }
            values.add(value(s));
        }
        return values;
    }

    private static List<Object> range(String entry, String raw) {
        String[] parts = raw.split(":");
        if (parts.length != 3) {
            throw bad(entry, "a range is from:to:step");
        }
        BigDecimal from;
        BigDecimal to;
        BigDecimal by;
        try {
            from = new BigDecimal(parts[0].strip());
            to = new BigDecimal(parts[1].strip());
            by = new BigDecimal(parts[2].strip());
        } catch (NumberFormatException e) {
            throw bad(entry, "a range needs three numbers");
        }
        if (by.signum() <= 0 || from.compareTo(to) > 0) {
            throw bad(entry, "a range needs from <= to and a step > 0");
        }
        boolean integers = from.stripTrailingZeros().scale() <= 0 && to.stripTrailingZeros().scale() <= 0
                && by.stripTrailingZeros().scale() <= 0 && !raw.contains(".");
        List<Object> values = new ArrayList<>();
        // BigDecimal keeps 0.1 steps exact, so the end of the range is reached when it should be
        for (BigDecimal v = from; v.compareTo(to) <= 0; v = v.add(by)) {
            if (values.size() == MAX_RANGE_VALUES) {
                throw bad(entry, "expands to more than " + MAX_RANGE_VALUES + " values");
            }
            values.add(integers ? (Object) v.intValueExact() : (Object) v.doubleValue());
        }
        return values;
    }

    private static Object value(String s) {
        try {
            double d = Double.parseDouble(s);
            return d == Math.rint(d) && Math.abs(d) < 1e9 && !s.contains(".") && !s.contains("e") && !s.contains("E")
                    ? (Object) (int) d : (Object) d;
        } catch (NumberFormatException e) {
            return s;
        }
    }

    private static BacktestException bad(String entry, String why) {
        return BacktestException.of(ErrorCode.VALIDATION_FAILED, "--grid '" + entry + "' " + why);
    }

    private static void table(PrintWriter out, CandleSeries series, WalkForwardResult r) {
        out.printf("%s %s, %d bars; walk-forward %s, train %d, test %d, step %d, metric %s%n%n", series.symbol(),
                series.timeframe(), series.size(), r.mode().wire(), r.trainBars(), r.testBars(), r.step(), r.metric());
        out.printf("%-3s %-11s %-11s %-21s %-21s %-30s %12s %12s %12s%n", "#", "train bars", "test bars", "test from", "test to",
                "parameters", "IS metric", "OOS metric", "OOS equity");
        for (WalkForwardResult.Window w : r.windows()) {
            out.printf("%-3d %-11s %-11s %-21s %-21s %-30s %12s %12s %12s%n", w.index() + 1,
                    w.trainFirst() + "-" + w.trainLast(), w.testFirst() + "-" + w.testLast(), Instant.ofEpochSecond(w.testStart()),
                    Instant.ofEpochSecond(w.testEnd()), w.params(), Display.number(w.inSampleMetric()),
                    Display.number(w.outOfSampleMetric()), Display.number(w.endEquity()));
        }
        out.printf("%nout-of-sample (stitched)%n");
        Display.statistics(r.outOfSample()).forEach((k, v) -> out.printf("%-28s %s%n", k, v));
        out.printf("%-28s %s%n", "mean_is_return_ann_pct", Display.number(r.meanInSampleReturnAnnPct()));
        out.printf("%-28s %s%n", "walk_forward_efficiency", Display.number(r.efficiency()));
    }
}

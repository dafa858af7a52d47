package dev.backtest.sdk.cli;

import dev.backtest.sdk.asset.internal.MarketCapCsv;
import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.portfolio.Asset;
import dev.backtest.engine.portfolio.MarketCaps;
import dev.backtest.engine.portfolio.Portfolio;
import dev.backtest.engine.portfolio.PortfolioOptions;
import dev.backtest.engine.portfolio.PortfolioResult;
import dev.backtest.engine.portfolio.Schedule;
import dev.backtest.engine.portfolio.Weighting;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldError;
import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.csv.CsvCandles;
import dev.backtest.sdk.report.Reports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code portfolio}: a multi-asset portfolio backtest ({@code dev.backtest.engine.portfolio}, docs/portfolio.md) on
 * CSV files, one per asset. {@code --format json} prints {@code Reports.json(result)}: one object with {@code stats},
 * {@code allocations}, {@code trades} and {@code equity}. Bad input is one line on stderr and exit code 2, naming the
 * option as it was typed.
 *
 * <pre>
 * java -jar backtest-cli.jar portfolio --csv SPY=spy.csv --csv AGG=agg.csv --weighting fixed --weight SPY=0.6 \
 *     --weight AGG=0.4 --rebalance monthly --threshold 0.05 --benchmark SPY --format json
 * </pre>
 */
@Command(name = "portfolio", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false, sortSynopsis = false,
        description = {"Backtest a portfolio of several assets, each from a CSV file, moved toward target weights on a schedule "
                + "(semantics: docs/portfolio.md).",
                "All assets are in the base currency: the command has no currency or FX option, so give every file's prices "
                        + "in the same currency."},
        footer = {"", "The defaults of --cash and --commission are the engine's (PortfolioOptions).",
                "JSON output: {\"stats\":{...}, \"allocations\":[...], \"trades\":[...],",
                "  \"equity\":{\"time\":[...], \"equity\":[...]}}",
                "  with times ISO-8601 UTC and null for undefined statistics.",
                "Exit codes: 0 done, 2 bad input (one line on stderr: error: ... [CODE])."})
final class PortfolioCommand implements Callable<Integer> {

    private static final String WEIGHTINGS = "equal, fixed, market_cap, inverse_volatility";
    private static final String SCHEDULES = "daily, weekly, monthly, quarterly, yearly, every:N (every N-th timeline time, N >= 1)";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--csv", required = true, paramLabel = "SYM=FILE", showDefaultValue = Visibility.NEVER,
            description = "an asset: its symbol and its OHLCV CSV file, as `run --csv` reads it (repeatable)")
    List<String> csv = new ArrayList<>();
    @Option(names = "--market-cap", paramLabel = "SYM=FILE", showDefaultValue = Visibility.NEVER,
            description = "market caps of a --csv symbol: CSV with header time,market_cap (with --weighting market_cap; repeatable)")
    List<String> marketCaps = new ArrayList<>();
    @Option(names = "--weighting", required = true, paramLabel = "WEIGHTING", description = "target weights: " + WEIGHTINGS)
    String weighting;
    @Option(names = "--weight", paramLabel = "SYM=W", showDefaultValue = Visibility.NEVER,
            description = "weight of a --csv symbol in [0, 1], summing to at most 1, the rest cash (with --weighting fixed; repeatable)")
    List<String> weights = new ArrayList<>();
    @Option(names = "--lookback", paramLabel = "N",
            description = "returns per volatility estimate, N >= 2; required with --weighting inverse_volatility, which has no default")
    Integer lookback;
    @Option(names = "--rebalance", required = true, paramLabel = "SCHEDULE", description = SCHEDULES)
    String rebalance;
    @Option(names = "--max-weight", paramLabel = "X", description = "cap on every target weight, in (0, 1]; none by default")
    Double maxWeight;
    @Option(names = "--threshold", paramLabel = "X",
            description = "also rebalance when a weight drifts more than X from its target, X in (0, 1); none by default")
    Double threshold;
    @Option(names = "--benchmark", paramLabel = "SYM", description = "a --csv symbol to compare with (benchmark statistics)")
    String benchmark;
    @Option(names = "--cash", paramLabel = "X", defaultValue = "" + PortfolioOptions.DEFAULT_CASH,
            description = "starting equity")
    double cash;
    @Option(names = "--commission", paramLabel = "X", defaultValue = "" + PortfolioOptions.DEFAULT_COMMISSION,
            description = "fraction of traded value per buy and per sell, in [0, 0.1)")
    double commission;
    @Option(names = "--whole-units", description = "trade whole units only (default: fractional units)")
    boolean wholeUnits;
    @Option(names = "--report", paramLabel = "FILE", description = "also write the HTML report to this file (with the benchmark "
            + "drawn when --benchmark is given)")
    Path report;
    @Option(names = "--format", defaultValue = "text", paramLabel = "json|text", description = "text (rounded for reading) or json (full precision)")
    String format;

    @Override
    public Integer call() {
        FieldErrors errors = new FieldErrors();
        if (!format.equals("text") && !format.equals("json")) {
            errors.add("--format", "'" + format + "' is not valid; accepted: text, json");
        }
        Map<String, String> files = SymbolPairs.parse("--csv", "FILE", csv, errors);
        Map<String, String> capFiles = SymbolPairs.parse("--market-cap", "FILE", marketCaps, errors);
        for (String s : capFiles.keySet()) {
            if (!files.containsKey(s)) {
                errors.add("--market-cap " + s, "is not an asset of the portfolio; assets (--csv): " + files.keySet());
            }
        }
        Weighting w = weighting(SymbolPairs.parse("--weight", "W", weights, errors), errors);
        Schedule schedule = schedule(errors);
        PortfolioOptions options = w == null || schedule == null ? null : inOptionTerms(errors, files, () -> PortfolioOptions.builder()
                .cash(cash).commission(commission).fractional(!wholeUnits).weighting(w).schedule(schedule)
                .maxWeight(maxWeight).threshold(threshold).benchmark(benchmark).build());
        throwIfAny(errors);

        List<Asset> assets = assets(files, capFiles);
        Portfolio portfolio = inOptionTerms(errors, files, () -> Portfolio.builder().assets(assets).options(options).build());
        throwIfAny(errors);

        PortfolioResult result = portfolio.run();
        if (report != null) {
            if (benchmark == null) {
                Reports.writeHtml(result, report);
            } else {
                Reports.writeHtml(result, assets.stream().filter(a -> a.symbol().equals(benchmark)).findFirst().orElseThrow().bars(),
                        report);
            }
        }
        if (format.equals("json")) {
            spec.commandLine().getOut().println(Reports.json(result));
        } else {
            PortfolioTable.print(spec.commandLine().getOut(), result);
        }
        return 0;
    }

    /** The assets in the order of the --csv options, with their market caps. */
    private static List<Asset> assets(Map<String, String> files, Map<String, String> capFiles) {
        List<Asset> assets = new ArrayList<>();
        files.forEach((symbol, file) -> {
            CandleSeries bars = read("--csv", symbol, () -> CsvCandles.read(Path.of(file)));
            String caps = capFiles.get(symbol);
            Asset a = Asset.of(symbol, bars);
            assets.add(caps == null ? a : a.withMarketCaps(read("--market-cap", symbol, () -> MarketCapCsv.read(Path.of(caps)))));
        });
        return assets;
    }

    /** The weighting the options ask for; null after recording why they do not fit together. */
    private Weighting weighting(Map<String, String> weightTexts, FieldErrors errors) {
        boolean fixed = "fixed".equals(weighting);
        boolean caps = "market_cap".equals(weighting);
        boolean inverseVolatility = "inverse_volatility".equals(weighting);
        // an option the chosen weighting would not read is refused: it is a typo in the weighting more often than not
        if (!weights.isEmpty() && !fixed) {
            errors.add("--weight", "is read by --weighting fixed only; got --weighting " + weighting);
        }
        if (!marketCaps.isEmpty() && !caps) {
            errors.add("--market-cap", "is read by --weighting market_cap only; got --weighting " + weighting);
        }
        if (lookback != null && !inverseVolatility) {
            errors.add("--lookback", "is read by --weighting inverse_volatility only; got --weighting " + weighting);
        }
        return switch (weighting) {
            case "equal" -> Weighting.equal();
            case "fixed" -> weights.isEmpty()
                    ? missing(errors, "--weight", "is required with --weighting fixed: SYM=W for each asset to hold")
                    : fixed(weightTexts, errors);
            case "market_cap" -> marketCaps.isEmpty()
                    ? missing(errors, "--market-cap", "is required with --weighting market_cap: SYM=FILE for at least one asset")
                    : Weighting.marketCap();
            case "inverse_volatility" -> lookback == null
                    ? missing(errors, "--lookback", "is required with --weighting inverse_volatility: the number of returns "
                            + "per volatility estimate, N >= 2")
                    : Weighting.inverseVolatility(lookback);
            default -> missing(errors, "--weighting", "'" + weighting + "' is not valid; accepted: " + WEIGHTINGS);
        };
    }

    private static Weighting missing(FieldErrors errors, String option, String message) {
        errors.add(option, message);
        return null;
    }

    /** Fixed weights; null when a weight is not a number (the engine would only add that fewer weights are left). */
    private static Weighting fixed(Map<String, String> texts, FieldErrors errors) {
        Map<String, Double> out = new LinkedHashMap<>();
        texts.forEach((symbol, text) -> {
            try {
                out.put(symbol, Double.parseDouble(text));
            } catch (NumberFormatException e) {
                errors.add("--weight " + symbol, "'" + text + "' is not a number; accepted: a weight in [0, 1]");
            }
        });
        return out.size() == texts.size() && !out.isEmpty() ? Weighting.fixed(out) : null;
    }

    /** The schedule of {@code --rebalance}: the engine's names, and {@code every:N} for its {@code every_n(N)}. */
    private Schedule schedule(FieldErrors errors) {
        String text = rebalance.strip();
        if (text.startsWith("every:")) {
            String n = text.substring("every:".length()).strip();
            if (n.matches("\\d{1,9}") && Integer.parseInt(n) >= 1) {
                return Schedule.everyN(Integer.parseInt(n));
            }
        } else {
            try {
                return Schedule.parse(text);
            } catch (BacktestException e) {
                // reported below, in the command's terms
            }
        }
        errors.add("--rebalance", "'" + rebalance + "' is not valid; accepted: " + SCHEDULES);
        return null;
    }

    /** Reads one file of an option, naming the option and the symbol in any error. */
    private static <T> T read(String option, String symbol, Supplier<T> reader) {
        try {
            return reader.get();
        } catch (BacktestException e) {
            throw BacktestException.of(e.code(), option + " " + symbol + ": " + e.getMessage()).with("symbol", symbol);
        }
    }

    /**
     * Runs an engine validation and records its field errors under the options they came from ({@code max_weight}
     * becomes {@code --max-weight}), so that messages speak the command's language; null when it failed.
     */
    private static <T> T inOptionTerms(FieldErrors errors, Map<String, String> files, Supplier<T> validation) {
        try {
            return validation.get();
        } catch (BacktestException e) {
            if (!(e.details().get("errors") instanceof List<?> list)) {
                throw e;
            }
            for (Object o : list) {
                if (o instanceof FieldError f) {
                    errors.add(option(f.field(), files), f.message());
                }
            }
            return null;
        }
    }

    private static String option(String field, Map<String, String> files) {
        for (String s : files.keySet()) { // symbols may hold dots: match whole known symbols
            if (field.equals("assets." + s + ".market_caps")) {
                return "--market-cap " + s;
            }
            if (field.equals("assets." + s) || field.startsWith("assets." + s + ".")) {
                return "--csv " + s;
            }
        }
        if (field.startsWith("weighting.weights.")) {
            return "--weight " + field.substring("weighting.weights.".length());
        }
        return switch (field) {
            case "weighting.weights" -> "--weight";
            case "weighting.lookback" -> "--lookback";
            case "schedule" -> "--rebalance";
            case "max_weight" -> "--max-weight";
            case "weighting", "cash", "commission", "threshold", "benchmark" -> "--" + field;
            default -> field.startsWith("assets") ? "--csv" : field;
        };
    }

    /** One {@code VALIDATION_FAILED} listing every problem as {@code option message; option message}. */
    private static void throwIfAny(FieldErrors errors) {
        if (!errors.isEmpty()) {
            throw BacktestException.of(ErrorCode.VALIDATION_FAILED, errors.describe()).with("errors", errors.list());
        }
    }
}

package dev.backtest.sdk.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backtest.engine.BacktestResult;
import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.ClosedTrade;
import dev.backtest.engine.Engine;
import dev.backtest.engine.RunOptions;
import dev.backtest.engine.strategies.ParamSpec;
import dev.backtest.sdk.ml.MlModels;
import dev.backtest.sdk.ml.TrainedModel;
import dev.backtest.sdk.ml.internal.ModelStore;
import dev.backtest.sdk.ml.internal.StrategyCatalog;
import dev.backtest.engine.strategies.StrategySpec;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.export.ResultExports;
import dev.backtest.sdk.json.BacktestJson;
import dev.backtest.sdk.report.Display;
import dev.backtest.sdk.report.Reports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code run}: one backtest of a built-in strategy on a CSV file or on candles from the store.
 * {@code --format json} prints one object {@code {"stats": {...}, "trades": [...], "options": {...}}}
 * on stdout; run-log warnings go to stderr.
 */
@Command(name = "run", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Backtest a built-in strategy on a CSV file or on stored candles.")
final class RunCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    CandleInput input = new CandleInput();
    @CommandLine.Mixin
    EngineOptionsMixin engine = new EngineOptionsMixin();
    @Option(names = "--strategy", required = true, description = "strategy: sma_cross, ema_cross, macd_cross, "
            + "rsi_reversion, bollinger_breakout, donchian_breakout, buy_and_hold, pattern_breakout, ml_predictive (with --param model=ID from train)")
    String strategy;
    @Option(names = "--param", description = "strategy parameter name=value (repeatable)")
    List<String> params = List.of();
    @Option(names = "--exclusive-orders")
    boolean exclusiveOrders;
    @Option(names = "--format", defaultValue = "text", description = "text (rounded for reading) or json (full precision)")
    String format;
    @Option(names = "--report", description = "also write the HTML report to this file")
    Path report;
    @Option(names = "--trades-csv", paramLabel = "FILE", description = "also write the closed trades as CSV (columns: README, Exports)")
    Path tradesCsv;
    @Option(names = "--equity-csv", paramLabel = "FILE", description = "also write the equity and drawdown per bar as CSV")
    Path equityCsv;
    @Option(names = "--stats-json", paramLabel = "FILE", description = "also write the statistics as JSON")
    Path statsJson;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("json") && !format.equals("text") && !format.equals("table")) {
            throw BacktestException.of(ErrorCode.VALIDATION_FAILED, "--format '" + format + "' is not valid; accepted: text, json");
        }
        StrategySpec strategySpec = strategySpec();
        Map<String, Object> given = parseParams(strategySpec);
        RunOptions options = engine.builder().exclusiveOrders(exclusiveOrders).build();
        CandleSeries series = input.load();
        BacktestResult result = Engine.run(series, strategySpec.create(given), options);
        if (report != null) {
            Reports.writeHtml(result, series, report);
        }
        if (tradesCsv != null) {
            ResultExports.write(tradesCsv, ResultExports.tradesCsv(result.trades()));
        }
        if (equityCsv != null) {
            ResultExports.write(equityCsv, ResultExports.equityCsv(result, series));
        }
        if (statsJson != null) {
            ResultExports.write(statsJson, ResultExports.statsJson(result.stats()));
        }
        PrintWriter out = spec.commandLine().getOut();
        result.runLog().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
        if (format.equals("json")) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("stats", result.stats());
            doc.put("trades", result.trades());
            doc.put("options", result.options());
            out.println(mapper().writeValueAsString(doc));
        } else {
            table(out, series, result);
        }
        return 0;
    }

    /** A built-in, or {@code ml_predictive} on the models {@code train} stored for the command line's local user. */
    private StrategySpec strategySpec() {
        if (!MlModels.STRATEGY_KEY.equals(strategy)) {
            return StrategyCatalog.builtIns().spec(null, strategy);
        }
        // the model is read once, while the client is open: the spec below keeps the loaded model
        try (BacktestClient client = BacktestCli.client()) {
            String model = params.stream().filter(p -> p.startsWith("model=")).map(p -> p.substring(6).trim()).findFirst().orElse(null);
            java.util.Optional<TrainedModel> loaded = model == null ? java.util.Optional.empty() : loadedModel(client, model);
            return MlModels.strategySpec(id -> id.equals(model) ? loaded : java.util.Optional.empty());
        }
    }

    private static java.util.Optional<TrainedModel> loadedModel(BacktestClient client, String id) {
        try {
            return new ModelStore(client.storage()).load(TrainCommand.LOCAL_USER, java.util.UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    private Map<String, Object> parseParams(StrategySpec strategySpec) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String p : params) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw BacktestException.of(ErrorCode.VALIDATION_FAILED, "--param '" + p + "' is not name=value");
            }
            String name = p.substring(0, eq).trim();
            String raw = p.substring(eq + 1).trim();
            ParamSpec ps = strategySpec.params().stream().filter(x -> x.name().equals(name)).findFirst()
                    .orElseThrow(() -> BacktestException.of(ErrorCode.VALIDATION_FAILED, "strategy " + strategySpec.key()
                            + " has no parameter '" + name + "'; parameters: "
                            + strategySpec.params().stream().map(ParamSpec::name).toList()));
            out.put(name, ps.type() == ParamSpec.Type.CHOICE || ps.type() == ParamSpec.Type.TEXT ? raw : number(name, raw));
        }
        return out;
    }

    private static Object number(String name, String raw) {
        try {
            double d = Double.parseDouble(raw);
            return d == Math.rint(d) && Math.abs(d) < 1e9 && !raw.contains(".") ? (Object) (int) d : (Object) d;
        } catch (NumberFormatException e) {
            throw BacktestException.of(ErrorCode.VALIDATION_FAILED, "--param " + name + "=" + raw + ": not a number");
        }
    }

    private static void table(PrintWriter out, CandleSeries series, BacktestResult r) {
        out.printf("%s %s, %d bars from %s to %s%n%n", series.symbol(), series.timeframe(), series.size(),
                Instant.ofEpochSecond(series.time()[0]), Instant.ofEpochSecond(series.time()[series.size() - 1]));
        Display.statistics(r.stats()).forEach((k, v) -> out.printf("%-28s %s%n", k, v));
        out.printf("%n%-4s %-22s %-22s %12s %14s %14s %14s%n", "#", "entry", "exit", "size", "entry price", "exit price", "pnl");
        int i = 0;
        for (ClosedTrade t : r.trades()) {
            out.printf("%-4d %-22s %-22s %12s %14s %14s %14s%n", ++i, Instant.ofEpochSecond(t.entryTime()),
                    Instant.ofEpochSecond(t.exitTime()), Display.number(t.size()), Display.number(t.entryPrice()),
                    Display.number(t.exitPrice()), Display.number(t.pnl()));
        }
    }

    private static ObjectMapper mapper() {
        return BacktestJson.newMapper();
    }
}

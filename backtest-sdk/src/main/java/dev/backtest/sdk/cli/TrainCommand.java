package dev.backtest.sdk.cli;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Timeframe;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.json.BacktestJson;
import dev.backtest.sdk.ml.MlModels;
import dev.backtest.sdk.ml.ModelInfo;
import dev.backtest.sdk.ml.ModelKind;
import dev.backtest.sdk.ml.ModelSpec;
import dev.backtest.sdk.ml.TrainedModel;
import dev.backtest.sdk.ml.internal.ModelStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code train}: fits an ML model on stored candles and keeps it in the object store under the command line's local user
 * ({@link #LOCAL_USER}), where {@code run --strategy ml_predictive --param model=ID} finds it. Either a window
 * ({@code --start}, {@code --end}) or {@code --for-backtest-start DATE}: the {@code --steps} bars before 00:00 UTC of
 * that day, so that a backtest starting then passes the leakage guard.
 */
@Command(name = "train", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Train an ML model for the ml_predictive strategy on stored candles.")
final class TrainCommand implements Callable<Integer> {

    /** The owner of models the command line trains and runs: one local user, as the command line has no login. */
    static final UUID LOCAL_USER = UUID.nameUUIDFromBytes("backtest-cli".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--symbol", required = true, description = "symbol in the store")
    String symbol;
    @Option(names = "--timeframe", defaultValue = "1h", description = "1m 5m 15m 30m 1h 4h 1d 1w 1M")
    String timeframe;
    @Option(names = "--start", description = "first UTC day of the training window")
    LocalDate start;
    @Option(names = "--end", description = "last UTC day of the training window, inclusive")
    LocalDate end;
    @Option(names = "--for-backtest-start", description = "train on the --steps bars before this UTC day instead of a window")
    LocalDate forBacktestStart;
    @Option(names = "--steps", defaultValue = "300", description = "bars with --for-backtest-start")
    int steps;
    @Option(names = "--kind", defaultValue = "autoregressive",
            description = "autoregressive, linear, regression_tree, logistic, classification_tree")
    String kind;
    @Option(names = "--lags", defaultValue = "5", description = "lagged returns (p)")
    int lags;
    @Option(names = "--features", defaultValue = "returns", split = ",",
            description = "returns, range, body, upper_wick, lower_wick, volume_change, sma:N, ema:N, rsi:N")
    List<String> features;
    @Option(names = "--horizon", defaultValue = "1", description = "bars ahead of the target return")
    int horizon;
    @Option(names = "--max-depth", defaultValue = "5", description = "depth of the trees")
    int maxDepth;
    @Option(names = "--epochs", defaultValue = "5", description = "passes of the gradient-descent models")
    int epochs;
    @Option(names = "--name", description = "a name to recognise the model by")
    String name;

    @Override
    public Integer call() throws Exception {
        ModelSpec modelSpec = new ModelSpec(ModelKind.parse(kind), lags, features, horizon, maxDepth, epochs);
        Timeframe tf = Timeframe.parse(timeframe);
        try (BacktestClient client = BacktestCli.client()) {
            CandleSeries series;
            if (forBacktestStart != null) {
                if (start != null || end != null) {
                    throw BacktestException.of(ErrorCode.VALIDATION_FAILED, "give either --start and --end, or --for-backtest-start");
                }
                var first = forBacktestStart.atStartOfDay().toInstant(ZoneOffset.UTC);
                long span = Math.max(tf.seconds(), 60) * (long) steps * 3 + 31L * 86_400;
                CandleSeries before = client.candles().symbol(symbol).between(first.minusSeconds(span), first).timeframe(tf).fetch();
                series = before.size() <= steps ? before : before.slice(before.size() - steps, before.size());
            } else {
                if (start == null || end == null) {
                    throw BacktestException.of(ErrorCode.VALIDATION_FAILED, "give --start and --end, or --for-backtest-start");
                }
                series = client.candles().symbol(symbol).between(start, end).timeframe(tf).fetch();
            }
            TrainedModel model = MlModels.train(series, modelSpec, name);
            new ModelStore(client.storage()).save(LOCAL_USER, model);
            print(spec.commandLine().getOut(), model.info());
        }
        return 0;
    }

    private static void print(PrintWriter out, ModelInfo m) throws Exception {
        out.println("model " + m.id());
        out.println("trained on " + m.symbol() + " " + m.timeframe().code() + " bars " + m.firstTrainingBar() + " .. " + m.lastTrainingBar()
                + " (" + m.samples() + " samples)");
        out.println("metrics " + BacktestJson.newMapper().writeValueAsString(m.metrics()));
        out.println("run it: backtest run --strategy ml_predictive --param model=" + m.id() + " --symbol " + m.symbol() + " --timeframe "
                + m.timeframe().code() + " --start <a day after " + m.lastTrainingBar().toString().substring(0, 10) + "> --end ...");
    }
}

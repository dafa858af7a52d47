package dev.backtest.sdk.cli;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Timeframe;
import dev.backtest.error.BacktestException;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.marketdata.DataRange;
import dev.backtest.sdk.marketdata.SourceResolution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.Callable;

/**
 * The command line: {@code java -jar backtest-sdk/target/backtest-cli.jar <command>}. It uses the
 * same configuration keys as the SDK and the server (environment variables and system properties;
 * embedded defaults under {@code ./backtest-data}). Bad input prints what was wrong and exits 2.
 *
 * <pre>
 * java -jar backtest-cli.jar symbols
 * java -jar backtest-cli.jar train --symbol BTC --timeframe 1h --for-backtest-start 2024-01-01 --kind regression_tree
 * java -jar backtest-cli.jar candles --symbol BTC --start 2024-01-01 --end 2024-01-31 --timeframe 1d
 * java -jar backtest-cli.jar walkforward --csv btc.csv --strategy sma_cross --grid fast=5:20:5 --grid slow=30,50 --train 500 --test 100
 * java -jar backtest-cli.jar portfolio --csv SPY=spy.csv --csv AGG=agg.csv --weighting equal --rebalance monthly
 * </pre>
 */
@Command(name = "backtest", mixinStandardHelpOptions = true, showDefaultValues = true, versionProvider = BacktestCli.Version.class,
        description = "Backtest command line: market data and backtests.",
        subcommands = {RunCommand.class, TrainCommand.class, ModelsCommand.class, WalkForwardCommand.class, PortfolioCommand.class, ScenarioCommand.class, BacktestCli.Symbols.class, BacktestCli.Candles.class, BacktestCli.Import.class})
public final class BacktestCli implements Callable<Integer> {

    /** Exit code of bad input (a file, an option or a value that cannot be used). */
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Output is for the user; the SDK's start-up chatter goes to stderr only when asked for.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given output streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new BacktestCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(e -> e instanceof BacktestException ? BAD_INPUT : 1);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof BacktestException be) {
                cmd.getErr().println("error: " + be.getMessage() + " [" + be.code() + "]");
                return be.retryable() ? 1 : BAD_INPUT;
            }
            throw e;
        });
        cl.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return BAD_INPUT;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    static BacktestClient client() {
        return BacktestClient.builder().build();
    }

    @Command(name = "symbols", mixinStandardHelpOptions = true, showDefaultValues = true, description = "List the symbols with data in the store.")
    static final class Symbols implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--source-resolution", defaultValue = "1Y", description = "1Y (yearly files, default), 1m (daily files) or 1D (daily bars)")
        String resolution;

        @Override
        public Integer call() {
            SourceResolution r = SourceResolution.parse(resolution);
            try (BacktestClient client = client()) {
                PrintWriter out = spec.commandLine().getOut();
                for (String s : client.marketData().symbols(r)) {
                    String range = client.marketData().range(s, r).map(DataRange::firstDate).map(LocalDate::toString).orElse("")
                            + " .. " + client.marketData().range(s, r).map(DataRange::lastDate).map(LocalDate::toString).orElse("");
                    out.printf("%-12s %s%n", s, range);
                }
            }
            return 0;
        }
    }

    @Command(name = "candles", mixinStandardHelpOptions = true, showDefaultValues = true, description = "Print candles as CSV: time,open,high,low,close,volume.")
    static final class Candles implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--symbol", required = true)
        String symbol;
        @Option(names = "--start", required = true, description = "first UTC day, e.g. 2024-01-01")
        LocalDate start;
        @Option(names = "--end", required = true, description = "last UTC day (inclusive)")
        LocalDate end;
        @Option(names = "--timeframe", defaultValue = "1h", description = "1m 5m 15m 30m 1h 4h 1d 1w 1M")
        String timeframe;

        @Override
        public Integer call() {
            try (BacktestClient client = client()) {
                CandleSeries s = client.candles().symbol(symbol).between(start, end).timeframe(Timeframe.parse(timeframe)).fetch();
                PrintWriter out = spec.commandLine().getOut();
                out.println("time,open,high,low,close,volume");
                for (int i = 0; i < s.size(); i++) {
                    out.println(Instant.ofEpochSecond(s.time()[i]) + "," + s.open()[i] + "," + s.high()[i] + "," + s.low()[i] + ","
                            + s.close()[i] + "," + s.volume()[i]);
                }
            }
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true, showDefaultValues = true, description = "Import 1-minute bars from a CSV or Parquet file into the store (yearly layout).")
    static final class Import implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--symbol", required = true)
        String symbol;
        @Parameters(index = "0", description = "a .csv or .parquet file")
        java.nio.file.Path file;

        @Override
        public Integer call() {
            if (!java.nio.file.Files.isRegularFile(file)) {
                throw BacktestException.of(dev.backtest.error.ErrorCode.VALIDATION_FAILED, "file " + file + " does not exist or is not a file");
            }
            try (BacktestClient client = client()) {
                boolean parquet = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".parquet");
                var report = parquet ? client.marketData().importParquet(symbol, file) : client.marketData().importCsv(symbol, file);
                spec.commandLine().getOut().printf("imported %d rows of %s into %s (%d bars replaced)%n", report.rowsRead(),
                        report.symbol(), report.objectsWritten(), report.barsReplaced());
            }
            return 0;
        }
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = BacktestCli.class.getPackage().getImplementationVersion();
            return new String[] {"backtest " + (v == null ? "dev" : v)};
        }
    }

    private BacktestCli() {
    }
}

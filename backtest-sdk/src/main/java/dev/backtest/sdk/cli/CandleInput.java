package dev.backtest.sdk.cli;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Timeframe;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.csv.CsvCandles;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * The candles a command runs on: {@code --csv FILE}, or {@code --symbol} with {@code --start}/{@code --end}/
 * {@code --timeframe} from the store. A picocli mixin, so that the commands name, document and check these options
 * the same way.
 */
final class CandleInput {

    @Option(names = "--csv", description = "OHLCV CSV file (instead of --symbol ...)")
    Path csv;
    @Option(names = "--symbol", description = "symbol in the store")
    String symbol;
    @Option(names = "--start", description = "first UTC day (with --symbol)")
    LocalDate start;
    @Option(names = "--end", description = "last UTC day, inclusive (with --symbol)")
    LocalDate end;
    @Option(names = "--timeframe", defaultValue = "1h", description = "1m 5m 15m 30m 1h 4h 1d 1w 1M (with --symbol)")
    String timeframe;

    /** Reads the CSV file, or fetches from the store (the store is opened only then, not for a CSV). */
    CandleSeries load() {
        if (csv != null) {
            if (symbol != null) {
                throw BacktestException.of(ErrorCode.VALIDATION_FAILED, "give either --csv or --symbol, not both");
            }
            return CsvCandles.read(csv);
        }
        if (symbol == null || start == null || end == null) {
            throw BacktestException.of(ErrorCode.VALIDATION_FAILED, "give --csv FILE, or --symbol with --start and --end");
        }
        try (BacktestClient client = BacktestCli.client()) {
            return client.candles().symbol(symbol).between(start, end).timeframe(Timeframe.parse(timeframe)).fetch();
        }
    }
}

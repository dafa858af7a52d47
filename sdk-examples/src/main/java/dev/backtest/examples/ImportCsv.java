package dev.backtest.examples;

import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.marketdata.CandleSeries;
import dev.backtest.sdk.marketdata.ImportReport;
import dev.backtest.sdk.marketdata.Timeframe;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * Imports 1-minute bars from a CSV file (header {@code time,open,high,low,close,volume}; ISO times or
 * unix seconds/ms) into the store, then reads them back as 15-minute candles.
 *
 * <pre>
 * mvn -q -pl sdk-examples exec:java -Dexec.mainClass=dev.backtest.examples.ImportCsv -Dexec.args="MYCOIN bars.csv 2024-03-01"
 * </pre>
 */
public final class ImportCsv {

    private ImportCsv() {
    }

    public static void main(String[] args) {
        CandleSeries s = run(Path.of("backtest-data"), args[0], Path.of(args[1]), LocalDate.parse(args[2]));
        System.out.println(s);
    }

    static CandleSeries run(Path dataDir, String symbol, Path csv, LocalDate day) {
        try (BacktestClient client = BacktestClient.builder().embedded(dataDir).build()) {
            ImportReport report = client.marketData().importCsv(symbol, csv);
            System.out.println("imported " + report.rowsRead() + " rows into " + report.objectsWritten());
            return client.candles().symbol(symbol).between(day, day).timeframe(Timeframe.M15).fetch();
        }
    }
}

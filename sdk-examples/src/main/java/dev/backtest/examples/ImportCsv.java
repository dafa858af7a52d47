package dev.backtest.examples;

import dev.backtest.sdk.BacktestClient;
import dev.backtest.engine.CandleSeries;
import dev.backtest.sdk.marketdata.ImportReport;
import dev.backtest.engine.Timeframe;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * Imports 1-minute bars from a CSV file (header {@code time,open,high,low,close,volume}; ISO times or
 * unix seconds/ms) into the store, then reads them back as 15-minute candles.
 *
 * <pre>
 * mvn -q -pl sdk-examples exec:java -Dexec.mainClass=dev.backtest.examples.ImportCsv -Dexec.args="/tmp/backtest-demo MYCOIN bars.csv 2024-03-01"
 * </pre>
 */
public final class ImportCsv {

    private ImportCsv() {
    }

    public static void main(String[] args) {
        if (!Usage.given(args, 4, "ImportCsv", "DATA_DIR SYMBOL FILE.csv DAY   (e.g. /tmp/backtest-demo MYCOIN bars.csv 2024-03-01)")) {
            System.exit(2);
        }
        CandleSeries s = run(Path.of(args[0]), args[1], Path.of(args[2]), LocalDate.parse(args[3]));
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

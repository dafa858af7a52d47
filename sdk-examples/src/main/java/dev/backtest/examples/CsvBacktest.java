package dev.backtest.examples;

import dev.backtest.engine.BacktestResult;
import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Engine;
import dev.backtest.engine.RunOptions;
import dev.backtest.engine.strategies.Strategies;
import dev.backtest.sdk.csv.CsvCandles;
import dev.backtest.sdk.report.Display;
import dev.backtest.sdk.report.Reports;

import java.nio.file.Path;

/**
 * From a CSV file to statistics without a client, a database or a store: {@code CsvCandles.read} then
 * {@code Engine.run}. Writes the HTML report only when a file is named for it.
 *
 * <pre>
 * mvn -q -pl sdk-examples exec:java -Dexec.mainClass=dev.backtest.examples.CsvBacktest -Dexec.args="prices.csv report.html"
 * </pre>
 */
public final class CsvBacktest {

    private CsvBacktest() {
    }

    public static void main(String[] args) {
        if (!Usage.given(args, 1, "CsvBacktest", "FILE.csv [REPORT.html]   (a header, then time,open,high,low,close[,volume])")) {
            System.exit(2);
        }
        BacktestResult r = run(Path.of(args[0]), args.length > 1 ? Path.of(args[1]) : null);
        Display.statistics(r.stats()).forEach((name, value) -> System.out.printf("%-28s %s%n", name, value));
    }

    static BacktestResult run(Path csv, Path report) {
        CandleSeries bars = CsvCandles.read(csv);
        BacktestResult r = Engine.run(bars, Strategies.smaCross(10, 30), RunOptions.builder().cash(10_000).commission(0.001).build());
        if (report != null) {
            Reports.writeHtml(r, bars, report);
        }
        return r;
    }
}

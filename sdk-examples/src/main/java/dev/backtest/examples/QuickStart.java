package dev.backtest.examples;

import dev.backtest.engine.BacktestResult;
import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.RunOptions;
import dev.backtest.engine.Timeframe;
import dev.backtest.engine.strategies.Strategies;
import dev.backtest.sdk.BacktestClient;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * Candles and one backtest in a few lines, on embedded defaults in the folder given, which is seeded with sample
 * candles (BTC, ETH, EURUSD over 2023–2024) on first use. Fractional units are on: one bitcoin costs more than the
 * 10,000 of cash.
 *
 * <pre>
 * mvn -q -pl sdk-examples exec:java -Dexec.mainClass=dev.backtest.examples.QuickStart -Dexec.args=/tmp/backtest-demo
 * </pre>
 */
public final class QuickStart {

    public static void main(String[] args) {
        if (!Usage.given(args, 1, "QuickStart", "DATA_DIR   (a folder for the embedded database and sample candles)")) {
            System.exit(2);
        }
        try (BacktestClient client = BacktestClient.builder().embedded(Path.of(args[0])).sampleData(true).build()) {
            CandleSeries btc = client.candles().symbol("BTC")
                    .between(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31))
                    .timeframe(Timeframe.H1).fetch();
            BacktestResult r = client.engine().run(btc, Strategies.smaCross(10, 30),
                    RunOptions.builder().cash(10_000).commission(0.001).fractionalUnits(true).build());
            System.out.printf("%d candles, %d trades, return %.2f %%, Sharpe %.2f%n",
                    btc.size(), r.stats().trades(), r.stats().returnPct(), r.stats().sharpeRatio());
        }
    }

    private QuickStart() {
    }
}

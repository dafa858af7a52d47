package dev.backtest.examples;

import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.engine.BacktestResult;
import dev.backtest.sdk.engine.RunOptions;
import dev.backtest.sdk.engine.strategies.Strategies;
import dev.backtest.sdk.marketdata.CandleSeries;
import dev.backtest.sdk.marketdata.Timeframe;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * Candles and one backtest in a few lines, on embedded defaults (sample data is seeded on first start).
 * Fractional units are on: one bitcoin costs more than the 10,000 of cash.
 */
public final class QuickStart {

    public static void main(String[] args) {
        try (BacktestClient client = BacktestClient.builder().embedded(Path.of(args.length > 0 ? args[0] : "backtest-data")).build()) {
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

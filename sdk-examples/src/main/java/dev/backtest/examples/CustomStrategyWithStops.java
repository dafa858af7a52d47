package dev.backtest.examples;

import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.engine.BacktestResult;
import dev.backtest.sdk.engine.Order;
import dev.backtest.sdk.engine.RunOptions;
import dev.backtest.sdk.engine.Series;
import dev.backtest.sdk.engine.Strategy;
import dev.backtest.sdk.engine.StrategyContext;
import dev.backtest.sdk.engine.StrategyInit;
import dev.backtest.sdk.engine.indicators.Indicators;
import dev.backtest.sdk.marketdata.CandleSeries;
import dev.backtest.sdk.marketdata.Timeframe;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * A strategy written in Java: buy when the close breaks above its 20-bar high, with a stop-loss 2 %
 * below and a take-profit 4 % above the entry; indicators are declared once, decisions are per bar.
 */
public final class CustomStrategyWithStops implements Strategy {

    private Series highest;

    @Override
    public void init(StrategyInit in) {
        highest = in.indicator("high20", Indicators.highest(in.high(), 20));
    }

    @Override
    public void next(StrategyContext ctx) {
        double close = ctx.close().last();
        if (ctx.position().size() == 0 && close > highest.ago(1)) {
            ctx.buy(Order.fraction(0.5).sl(close * 0.98).tp(close * 1.04));
        }
    }

    public static void main(String[] args) {
        BacktestResult r = run(Path.of(args.length > 0 ? args[0] : "backtest-data"));
        System.out.printf("%d trades, win rate %.1f %%, return %.2f %%%n", r.stats().trades(), r.stats().winRatePct(),
                r.stats().returnPct());
    }

    static BacktestResult run(Path dataDir) {
        try (BacktestClient client = BacktestClient.builder().embedded(dataDir).build()) {
            CandleSeries eth = client.candles().symbol("ETH").between(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 6, 30))
                    .timeframe(Timeframe.H1).fetch();
            return client.engine().run(eth, new CustomStrategyWithStops(), RunOptions.builder().cash(10_000).fractionalUnits(true).build());
        }
    }
}

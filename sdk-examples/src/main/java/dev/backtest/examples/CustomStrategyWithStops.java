package dev.backtest.examples;

import dev.backtest.sdk.BacktestClient;
import dev.backtest.engine.BacktestResult;
import dev.backtest.engine.Order;
import dev.backtest.engine.RunOptions;
import dev.backtest.engine.Series;
import dev.backtest.engine.Strategy;
import dev.backtest.engine.StrategyContext;
import dev.backtest.engine.StrategyInit;
import dev.backtest.engine.indicators.Indicators;
import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Timeframe;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.nio.file.Path;
import java.util.Map;
import java.time.LocalDate;

/**
 * A strategy written in Java: buy when the close breaks above its 20-bar high, with a stop-loss 2 %
 * below and a take-profit 4 % above the entry; indicators are declared once, decisions are per bar. The folder given
 * is seeded with sample candles on first use.
 *
 * <pre>
 * mvn -q -pl sdk-examples exec:java -Dexec.mainClass=dev.backtest.examples.CustomStrategyWithStops -Dexec.args=/tmp/backtest-demo
 * </pre>
 */
public final class CustomStrategyWithStops implements Strategy {

    private final int lookback;
    private final double stop;
    private final double target;
    private Series highest;

    /** The 20-bar breakout with a 2 % stop and a 4 % target. */
    public CustomStrategyWithStops() {
        this(20, 0.02, 0.04);
    }

    /**
     * @param lookback bars of the high to break, at least 2
     * @param stop     stop-loss distance below the entry, as a fraction in (0, 1)
     * @param target   take-profit distance above the entry, as a fraction &gt; 0
     * @throws BacktestException {@link ErrorCode#INVALID_STRATEGY_PARAMETER} otherwise (a sweep skips such combinations)
     */
    public CustomStrategyWithStops(int lookback, double stop, double target) {
        if (lookback < 2 || !(stop > 0 && stop < 1) || !(target > 0)) {
            throw BacktestException.of(ErrorCode.INVALID_STRATEGY_PARAMETER, "lookback must be >= 2, stop in (0, 1) and target > 0; got "
                    + lookback + ", " + stop + ", " + target);
        }
        this.lookback = lookback;
        this.stop = stop;
        this.target = target;
    }

    /** A new instance from a sweep's parameters {@code lookback}, {@code stop} and {@code target}. */
    public static CustomStrategyWithStops of(Map<String, Object> p) {
        return new CustomStrategyWithStops(((Number) p.get("lookback")).intValue(), ((Number) p.get("stop")).doubleValue(),
                ((Number) p.get("target")).doubleValue());
    }

    @Override
    public void init(StrategyInit in) {
        highest = in.indicator("high" + lookback, Indicators.highest(in.high(), lookback));
    }

    @Override
    public void next(StrategyContext ctx) {
        double close = ctx.close().last();
        if (ctx.position().size() == 0 && close > highest.ago(1)) {
            ctx.buy(Order.fraction(0.5).sl(close * (1 - stop)).tp(close * (1 + target)));
        }
    }

    public static void main(String[] args) {
        if (!Usage.given(args, 1, "CustomStrategyWithStops", "DATA_DIR   (a folder for the embedded database and sample candles)")) {
            System.exit(2);
        }
        BacktestResult r = run(Path.of(args[0]));
        System.out.printf("%d trades, win rate %.1f %%, return %.2f %%%n", r.stats().trades(), r.stats().winRatePct(),
                r.stats().returnPct());
    }

    static BacktestResult run(Path dataDir) {
        try (BacktestClient client = BacktestClient.builder().embedded(dataDir).sampleData(true).build()) {
            CandleSeries eth = client.candles().symbol("ETH").between(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 6, 30))
                    .timeframe(Timeframe.H1).fetch();
            return client.engine().run(eth, new CustomStrategyWithStops(), RunOptions.builder().cash(10_000).fractionalUnits(true).build());
        }
    }
}

package dev.backtest.engine;

import dev.backtest.engine.strategies.Direction;
import dev.backtest.engine.strategies.Strategies;
import dev.backtest.engine.strategies.StrategySpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** Not a test: writes every value of many seeded runs (bits of the curves included) to a file, to diff before/after. */
public final class EngineGoldenDump {
    private EngineGoldenDump() {
    }

    public static void main(String[] args) throws Exception {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[0])))) {
            for (long seed = 1; seed <= 6; seed++) {
                for (long step : new long[]{60, 3600, 86_400}) {
                    CandleSeries s = TestBars.randomWalk(seed, 3000, step, seed % 2 == 0 ? 0.01 : 0.003);
                    RunOptions[] opts = {
                            RunOptions.builder().cash(100_000).commission(0).finalizeTrades(true).build(),
                            RunOptions.builder().cash(10_000).commission(0.002).build(),
                            RunOptions.builder().cash(10_000).commission(0.001).tradeOnClose(true).exclusiveOrders(true)
                                    .riskFreeRate(0.02).build(),
                            RunOptions.builder().cash(1_000).commission(0.001).fractionalUnits(true).slippageBps(5).build()};
                    for (int oi = 0; oi < opts.length; oi++) {
                        for (StrategySpec spec : Strategies.specs()) {
                            dump(out, seed + "/" + step + "/" + oi + "/" + spec.key(), Engine.run(s, spec.create(Map.of()), opts[oi]));
                        }
                        dump(out, seed + "/" + step + "/" + oi + "/sma_long", Engine.run(s, Strategies.smaCross(5, 20, Direction.LONG_ONLY), opts[oi]));
                        dump(out, seed + "/" + step + "/" + oi + "/stops", Engine.run(s, stops(), opts[oi]));
                    }
                }
            }
        }
    }

    /** Orders of every kind: brackets, limits, stops, partial closes. */
    static Strategy stops() {
        return TestBars.scripted(ctx -> {
            int b = ctx.bar();
            double c = ctx.close().last();
            switch (b % 17) {
                case 0 -> ctx.buy(Order.fraction(0.3).sl(c * 0.97).tp(c * 1.04));
                case 3 -> ctx.sell(Order.fraction(0.2).sl(c * 1.03).tp(c * 0.95));
                case 5 -> ctx.buy(Order.fraction(0.1).limit(c * 0.995));
                case 7 -> ctx.sell(Order.fraction(0.1).stop(c * 0.99));
                case 9 -> ctx.position().close(0.5);
                case 11 -> { if (!ctx.trades().isEmpty()) ctx.trades().get(0).close(0.5); }
                case 13 -> ctx.buy(Order.units(2).stop(c * 1.005).limit(c * 1.01));
                case 15 -> ctx.cancelOrders();
                default -> { }
            }
        });
    }

    static void dump(PrintWriter out, String name, BacktestResult r) {
        out.println(name + " " + r.stats());
        out.println("  trades " + r.trades());
        out.println("  equity " + Arrays.hashCode(r.equity()) + " dd " + Arrays.hashCode(r.drawdown()) + " log " + r.runLog());
    }
}

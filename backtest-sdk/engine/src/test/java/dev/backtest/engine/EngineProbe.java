package dev.backtest.engine;

import dev.backtest.engine.strategies.Direction;
import dev.backtest.engine.strategies.Strategies;

/** Not a test: times the simulation, the statistics and the hand loop alone, interleaved, for profiling. */
public final class EngineProbe {
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
    private EngineProbe() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        CandleSeries s = TestBars.randomWalk(7, 1_000_000, 60, 0.001);
        RunOptions options = RunOptions.builder().cash(1_000_000).commission(0).finalizeTrades(true).build();
        Bars bars = Engine.validate(s.time(), s.open(), s.high(), s.low(), s.close(), s.volume());
        Engine.Simulation last = Engine.simulate(bars, Strategies.smaCross(10, 30, Direction.LONG_ONLY), options);
        double sim = 1e9, stats = 1e9, hand = 1e9, run = 1e9;
        for (int r = 0; r < rounds; r++) {
            long t0 = CPU.getCurrentThreadCpuTime();
            Engine.simulate(bars, Strategies.smaCross(10, 30, Direction.LONG_ONLY), options);
            long t1 = CPU.getCurrentThreadCpuTime();
            Stats.compute(s.time(), s.close(), last.equity(), last.trades(), last.warmup(), 0);
            long t2 = CPU.getCurrentThreadCpuTime();
            EngineBenchmark.handLoop(s, 1_000_000);
            long t3 = CPU.getCurrentThreadCpuTime();
            Engine.run(s, Strategies.smaCross(10, 30, Direction.LONG_ONLY), options);
            long t4 = CPU.getCurrentThreadCpuTime();
            if (r >= rounds / 3) {
                sim = Math.min(sim, (t1 - t0) / 1e6);
                stats = Math.min(stats, (t2 - t1) / 1e6);
                hand = Math.min(hand, (t3 - t2) / 1e6);
                run = Math.min(run, (t4 - t3) / 1e6);
            }
        }
        double noTrade = 1e9, bigSum = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = CPU.getCurrentThreadCpuTime();
            Engine.simulate(bars, new Strategy() {
                Series f, sl;
                int crosses;
                public void init(StrategyInit in) {
                    f = in.indicator("a", dev.backtest.engine.indicators.Indicators.sma(in.close(), 10));
                    sl = in.indicator("b", dev.backtest.engine.indicators.Indicators.sma(in.close(), 30));
                }
                public void next(StrategyContext ctx) {
                    if (f.crossedAbove(sl)) crosses++; else if (f.crossedBelow(sl)) crosses--;
                }
            }, options);
            long t1 = CPU.getCurrentThreadCpuTime();
            if (r >= rounds / 3) noTrade = Math.min(noTrade, (t1 - t0) / 1e6);
        }
        double eqs = 1e9;
        for (int r = 0; r < rounds; r++) {
            long t0 = CPU.getCurrentThreadCpuTime();
            EquityStats.compute(s.time(), last.equity(), 0, null);
            long t1 = CPU.getCurrentThreadCpuTime();
            if (r >= rounds / 3) eqs = Math.min(eqs, (t1 - t0) / 1e6);
        }
        System.out.printf("equity stats alone %.2f%n", eqs);
        double noTr = 1e9;
        for (int r = 0; r < rounds; r++) {
            long t0 = CPU.getCurrentThreadCpuTime();
            Stats.compute(s.time(), s.close(), last.equity(), java.util.List.of(), last.warmup(), 0);
            long t1 = CPU.getCurrentThreadCpuTime();
            if (r >= rounds / 3) noTr = Math.min(noTr, (t1 - t0) / 1e6);
        }
        System.out.printf("stats without trades %.2f%n", noTr);
        System.out.printf("sim without orders %.2f%n", noTrade);
        System.out.printf("sim %.2f  stats %.2f  hand %.2f  run %.2f  sim/hand %.2f%n", sim, stats, hand, run, sim / hand);
    }
}

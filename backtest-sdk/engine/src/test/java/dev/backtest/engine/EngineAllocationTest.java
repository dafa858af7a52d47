package dev.backtest.engine;

import dev.backtest.engine.strategies.Strategies;
import dev.backtest.engine.CandleSeries;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The engine loop allocates no object per bar: a run's allocation is its arrays plus a little per trade. */
class EngineAllocationTest {

    @Test
    void aRunAllocatesOnlyItsArraysAndPerTradeObjects() {
        var mx = ManagementFactory.getThreadMXBean();
        assumeThat(mx).isInstanceOf(com.sun.management.ThreadMXBean.class);
        var bean = (com.sun.management.ThreadMXBean) mx;
        int n = 400_000;
        CandleSeries s = TestBars.randomWalk(5, n, 60, 0.001);
        RunOptions o = RunOptions.builder().cash(1_000_000).commission(0).build(); // no cancelled orders: no log lines
        Engine.run(s, Strategies.smaCross(10, 30), o); // warm up class loading and the JIT
        long before = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
        BacktestResult r = Engine.run(s, Strategies.smaCross(10, 30), o);
        long allocated = bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        // 2 SMAs + equity + drawdown, 8 bytes each: the statistics need no per-bar scratch
        long arrays = 32L * n;
        long perTrade = 260L * r.trades().size(); // open and closed trade, list growth; orders are reused
        assertThat(r.trades()).hasSizeGreaterThan(1000);
        assertThat(r.runLog()).isEmpty();
        // measured: 32 bytes per bar plus about 200 per trade; one 16-byte object per bar would add 6.4 MB and fail
        assertThat(allocated).isLessThan(arrays + perTrade + 1_000_000);
    }
}

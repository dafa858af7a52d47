package dev.backtest.engine.portfolio;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** A portfolio run allocates its curves, a few arrays per asset and its logs: nothing per timeline time. */
class PortfolioAllocationTest {

    @Test
    void aRunAllocatesNothingPerTimeBeyondItsCurvesAndLogs() {
        var mx = ManagementFactory.getThreadMXBean();
        assumeThat(mx).isInstanceOf(com.sun.management.ThreadMXBean.class);
        var bean = (com.sun.management.ThreadMXBean) mx;
        int assets = 100;
        int bars = 4000;
        long[] time = PortfolioData.everyDay(0, bars);
        Portfolio.Builder b = Portfolio.builder();
        for (int k = 0; k < assets; k++) {
            b.asset("S" + k, PortfolioData.randomWalk("S" + k, k, time, 0.01));
        }
        Portfolio p = b.options(PortfolioOptions.builder().weighting(Weighting.inverseVolatility(20)).schedule(Schedule.monthly())
                .benchmark("S0").build()).build();
        PortfolioResult warm = p.run(); // class loading and the JIT
        long before = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
        PortfolioResult r = p.run();
        long allocated = bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        int fills = r.fills().size();
        int decisions = r.decisions().size();
        assertThat(fills).isEqualTo(warm.fills().size()).isGreaterThan(10_000);
        // the curves and the statistics' arrays (equity, benchmark, drawdown, periodic and benchmark returns: about 14
        // doubles per time, measured 1.31 MB in all), the fill log (40 bytes per fill, chunks of 4096 rows), one weight
        // array per decision, arrays per asset
        long expected = 128L * bars + 40L * (fills + 4096) + (8L * assets + 32) * decisions + 200L * assets;
        // one 16-byte object per time and asset would add 6.4 MB and fail
        assertThat(allocated).isLessThan(expected + 300_000);

        before = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
        p.stats(BuiltInWeighting.of(p.options().weighting(), null));
        long statsOnly = bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertThat(statsOnly).isLessThan(128L * bars + 200L * assets + 300_000);
    }
}

package dev.backtest.engine.portfolio;

import java.util.List;
import java.util.Map;

/**
 * What a portfolio sweep ({@link Portfolio#sweep}) found: the metric it ranked by, the grid's size before the
 * constraint, how many combinations ran, and the best, highest first (NaN last, ties in grid order).
 *
 * <pre>{@code
 * PortfolioSweepResult r = portfolio.sweep(Sweep.of(grid).metric("sharpe_ratio").top(3));
 * System.out.println(r.best().get(0).params() + " " + r.best().get(0).stats().cagrPct());
 * }</pre>
 */
public record PortfolioSweepResult(String metric, long gridSize, int evaluated, List<Entry> best) {

    public PortfolioSweepResult {
        best = List.copyOf(best);
    }

    /** One combination: its position in grid order, its full parameters, the metric's value and the run's statistics. */
    public record Entry(int combination, Map<String, Object> params, double metric, PortfolioStats stats) {
    }
}

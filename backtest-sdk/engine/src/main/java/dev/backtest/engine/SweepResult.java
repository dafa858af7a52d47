package dev.backtest.engine;

import java.util.List;
import java.util.Map;

/**
 * What a {@link Sweep} found: the metric it ranked by, the grid's size before the constraint, how many
 * combinations ran (those the constraint excluded or the strategy rejected did not), and the best, highest
 * first.
 *
 * <pre>{@code
 * SweepResult r = client.engine().sweep(series, Sweep.of(grid).constraint("fast < slow"), "sma_cross", options);
 * System.out.println(r.evaluated() + " of " + r.gridSize() + " ran; best " + r.best().get(0).params());
 * }</pre>
 */
public record SweepResult(String metric, long gridSize, int evaluated, List<Entry> best) {

    public SweepResult {
        best = List.copyOf(best);
    }

    /**
     * One combination: its position among the combinations run (grid order), its full parameters, the metric's
     * value (NaN when undefined) and the run's statistics.
     */
    public record Entry(int combination, Map<String, Object> params, double metric, Stats stats) {
    }
}

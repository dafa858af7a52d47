package dev.backtest.sdk.optimization;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * The best parameter sets of a sweep, best first: the full parameters each ran with, the metric's value
 * ({@code null} when undefined, ranked last) and the run's statistics.
 *
 * <pre>{@code
 * OptimizeResult r = client.optimizations().optimize(me, backtestId, request);
 * Map<String, Object> best = r.results().get(0).parameters();
 * }</pre>
 */
public record OptimizeResult(String strategy, String metric, long gridSize, int evaluated, List<Entry> results) {

    public record Entry(Map<String, Object> parameters, Double metric, JsonNode stats) {
    }
}

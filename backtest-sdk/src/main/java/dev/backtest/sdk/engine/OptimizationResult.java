package dev.backtest.sdk.engine;

import java.util.Map;

/**
 * One parameter set of a sweep with the value of the metric it was ranked by and its statistics.
 *
 * <pre>{@code
 * OptimizationResult best = Engine.optimize(...).get(0);
 * System.out.println(best.params() + " -> " + best.metric());
 * }</pre>
 */
public record OptimizationResult(Map<String, Object> params, double metric, Stats stats) {
}

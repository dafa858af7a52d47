package dev.backtest.sdk.optimization;

import java.util.List;
import java.util.Map;

/**
 * A parameter sweep over a backtest: every combination of the {@code grid} values (other parameters
 * keep the backtest's values) that satisfies the optional {@code constraint}, ranked by {@code metric}
 * (a statistic's JSON name, default {@code sharpe_ratio}), best {@code top} kept (default 5, at most 100).
 * The constraint compares two parameters: {@code "fast < slow"} or {@code "fast <= slow"}.
 *
 * <pre>{@code
 * new OptimizeRequest(Map.of("fast", List.of(5, 10, 20), "slow", List.of(30, 50)), "fast < slow", "sharpe_ratio", 3)
 * }</pre>
 */
public record OptimizeRequest(Map<String, List<Object>> grid, String constraint, String metric, Integer top) {
}

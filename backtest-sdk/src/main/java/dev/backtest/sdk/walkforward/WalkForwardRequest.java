package dev.backtest.sdk.walkforward;

import java.util.List;
import java.util.Map;

/**
 * A walk-forward optimisation of a stored backtest: the sweep ({@code grid}, optional {@code constraint},
 * {@code metric}, default {@code sharpe_ratio}; other parameters keep the backtest's values) run on each training
 * window of {@code trainBars} bars, its best parameters on the following {@code testBars} bars, windows moving by
 * {@code step} bars (default {@code testBars}), {@code mode} {@code rolling} (default) or {@code anchored}.
 *
 * <pre>{@code
 * new WalkForwardRequest(Map.of("fast", List.of(5, 10, 20), "slow", List.of(30, 50)), "fast < slow", "sharpe_ratio",
 *         500, 100, null, "rolling")
 * }</pre>
 */
public record WalkForwardRequest(Map<String, List<Object>> grid, String constraint, String metric, Integer trainBars,
                                 Integer testBars, Integer step, String mode) {
}

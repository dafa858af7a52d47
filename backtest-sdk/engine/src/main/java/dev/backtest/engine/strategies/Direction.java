package dev.backtest.engine.strategies;

/**
 * Whether a signal strategy may go short ({@code long_short}, the default) or only long ({@code long_only}).
 *
 * <pre>{@code
 * Strategy longOnly = Strategies.smaCross(10, 30, Direction.LONG_ONLY);
 * Strategy same = Strategies.create("sma_cross", Map.of("fast", 10, "slow", 30, "direction", "long_only"));
 * }</pre>
 */
public enum Direction {
    LONG_SHORT, LONG_ONLY;

    public static Direction parse(String s) {
        return s.equals("long_only") ? LONG_ONLY : LONG_SHORT;
    }
}

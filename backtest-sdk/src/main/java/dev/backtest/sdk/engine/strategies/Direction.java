package dev.backtest.sdk.engine.strategies;

/** Whether a signal strategy may go short ({@code long_short}) or only long ({@code long_only}). */
public enum Direction {
    LONG_SHORT, LONG_ONLY;

    public static Direction parse(String s) {
        return s.equals("long_only") ? LONG_ONLY : LONG_SHORT;
    }
}

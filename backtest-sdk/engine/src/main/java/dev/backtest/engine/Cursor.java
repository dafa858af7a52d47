package dev.backtest.engine;

/**
 * The last bar a set of {@link Series} views may read, and its time: the clock of one run, moved by the engine
 * (the single-asset loop, or the portfolio loop with one cursor per asset) before each decision. -1 before the
 * first decision: every read then fails with {@code LOOKAHEAD}.
 *
 * <pre>{@code
 * Cursor cursor = new Cursor();
 * Series close = new Series("close", closes, cursor);
 * cursor.moveTo(9, time[9]);   // close.get(10) now throws LOOKAHEAD
 * }</pre>
 */
public final class Cursor {
    int bar = -1;
    long time;

    /** Moves to bar {@code bar} (-1: none readable) at {@code time}. */
    public void moveTo(int bar, long time) {
        this.bar = bar;
        this.time = time;
    }

    /** The last readable bar; -1 when none is. */
    public int bar() {
        return bar;
    }

    /** The time of {@link #bar()}, epoch seconds. */
    public long time() {
        return time;
    }
}

package dev.backtest.engine;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.util.Arrays;

/**
 * A read-only view of a price or indicator array bounded by the current bar: inside
 * {@link Strategy#next(StrategyContext)} only indices {@code 0..bar} can be read, and reading a later
 * index throws {@link BacktestException} with code {@link ErrorCode#LOOKAHEAD}. No copy is made.
 *
 * <pre>{@code
 * double now = fast.last();          // value on the current bar
 * double before = fast.ago(1);       // value one bar earlier
 * if (fast.crossedAbove(slow)) ctx.buy();
 * }</pre>
 */
public final class Series {

    private final String name;
    private final double[] values;
    private final Cursor cursor;

    /** A view of {@code values} (not copied) readable up to {@code cursor}'s bar. */
    public Series(String name, double[] values, Cursor cursor) {
        this.name = name;
        this.values = values;
        this.cursor = cursor;
    }

    /** The value on bar {@code index}; fails with {@code LOOKAHEAD} if {@code index} is after the current bar. */
    public double get(int index) {
        if (index > cursor.bar) {
            throw lookahead(index);
        }
        if (index < 0) {
            throw BacktestException.of(ErrorCode.INVALID_ORDER, "series '" + name + "': index " + index + " is negative");
        }
        return values[index];
    }

    /** The value on the current bar. */
    public double last() {
        if (cursor.bar < 0) {
            throw lookahead(0);
        }
        return values[cursor.bar];
    }

    /** The value {@code k >= 0} bars before the current one ({@code ago(0) == last()}); NaN before bar 0. */
    public double ago(int k) {
        if (k < 0) {
            throw lookahead(cursor.bar - k);
        }
        int i = cursor.bar - k;
        return i < 0 ? Double.NaN : get(i);
    }

    /** Number of readable values: current bar + 1. */
    public int length() {
        return cursor.bar + 1;
    }

    /** {@code this} crossed above {@code other} on the current bar (strictly below before, strictly above now). */
    public boolean crossedAbove(Series other) {
        int i = cursor.bar;
        return i >= 1 && values[i - 1] < other.values[i - 1] && values[i] > other.values[i];
    }

    /** {@code this} crossed below {@code other} on the current bar. */
    public boolean crossedBelow(Series other) {
        int i = cursor.bar;
        return i >= 1 && values[i - 1] > other.values[i - 1] && values[i] < other.values[i];
    }

    /** A copy of the readable values {@code 0..bar}. */
    public double[] toArray() {
        return Arrays.copyOf(values, length());
    }

    public String name() {
        return name;
    }

    private BacktestException lookahead(int index) {
        return BacktestException.of(ErrorCode.LOOKAHEAD, "series '" + name + "': read of bar " + index
                        + " while deciding on bar " + cursor.bar + "; only bars 0.." + cursor.bar + " are visible")
                .with("index", index).with("current_bar", cursor.bar);
    }
}

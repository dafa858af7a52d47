package dev.backtest.engine.patterns;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldErrors;

import java.util.ArrayList;
import java.util.List;

/**
 * Swing highs and lows with a percentage threshold, fed one bar at a time so that a swing is reported on the bar it
 * becomes known, never earlier. With {@code t = pct / 100}:
 *
 * <ul>
 *   <li>While a rising leg is open, its candidate high is the highest high since the last swing low (the first bar of
 *       equal highs). A bar whose high is above the candidate extends the leg; otherwise, if its low is at or below
 *       {@code candidate · (1 − t)}, the candidate becomes a swing high confirmed on this bar, and this bar's low is
 *       the first candidate of the falling leg. Falling legs are the mirror image ({@code high ≥ candidate · (1 + t)}).</li>
 *   <li>Before the first swing, the highest high and the lowest low so far are both candidates; the first reversal
 *       by the threshold from either decides the first swing (from the high first, if one bar reverses from both).</li>
 *   <li>Swings therefore alternate high, low, high, ...; the last candidate is not a swing until a reversal confirms it.</li>
 * </ul>
 *
 * <pre>{@code
 * List<Swing> swings = ZigZag.swings(high, low, 5);   // 5 % reversals
 * ZigZag z = new ZigZag(5);
 * for (int i = 0; i < high.length; i++) {
 *     Swing s = z.next(high[i], low[i]);              // null unless a swing became known on bar i
 * }
 * }</pre>
 */
public final class ZigZag {

    private final double down;
    private final double up;
    private int bar = -1;
    /** 0 before the first swing, +1 on a rising leg (the last swing was a low), −1 on a falling one. */
    private int leg;
    private int candidateBar;
    private double candidate;
    private int lowBar;
    private double lowest;

    /**
     * @param pct the reversal threshold in percent, in (0, 100)
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} on field {@code zigzag_pct}
     */
    public ZigZag(double pct) {
        checkPct(pct);
        this.down = 1 - pct / 100;
        this.up = 1 + pct / 100;
    }

    static void checkPct(double pct) {
        if (!(pct > 0 && pct < 100)) {
            throw FieldErrors.single("zigzag_pct", "must be a percentage in (0, 100); got " + pct);
        }
    }

    /** All swings of the series, in order; each one's {@code confirmedBar} is the bar it became known. */
    public static List<Swing> swings(double[] high, double[] low, double pct) {
        Inputs.check(high, low, null);
        ZigZag z = new ZigZag(pct);
        List<Swing> out = new ArrayList<>();
        for (int i = 0; i < high.length; i++) {
            Swing s = z.next(high[i], low[i]);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * Takes the next bar's high and low; returns the swing confirmed on it, or null.
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} for a price that is not finite and positive, or a
     *         low above the high
     */
    public Swing next(double high, double low) {
        Inputs.bar(bar + 1, high, low, high);
        bar++;
        if (leg == 0) {
            return first(high, low);
        }
        if (leg > 0) {
            if (high > candidate) {
                candidateBar = bar;
                candidate = high;
                return null;
            }
            if (low <= candidate * down) {
                return turn(true, low);
            }
            return null;
        }
        if (low < candidate) {
            candidateBar = bar;
            candidate = low;
            return null;
        }
        if (high >= candidate * up) {
            return turn(false, high);
        }
        return null;
    }

    /** Index of the last bar taken, −1 before the first. */
    public int bar() {
        return bar;
    }

    private Swing first(double high, double low) {
        boolean newHigh = bar == 0 || high > candidate;
        if (newHigh) {
            candidateBar = bar;
            candidate = high;
        }
        boolean newLow = bar == 0 || low < lowest;
        if (newLow) {
            lowBar = bar;
            lowest = low;
        }
        if (!newHigh && low <= candidate * down) {
            return turn(true, low);
        }
        if (!newLow && high >= lowest * up) {
            candidateBar = lowBar;
            candidate = lowest;
            return turn(false, high);
        }
        return null;
    }

    /** The candidate becomes a swing confirmed now; this bar's opposite extreme starts the next leg. */
    private Swing turn(boolean swingHigh, double opposite) {
        Swing s = new Swing(candidateBar, candidate, swingHigh, bar);
        leg = swingHigh ? -1 : 1;
        candidateBar = bar;
        candidate = opposite;
        return s;
    }
}

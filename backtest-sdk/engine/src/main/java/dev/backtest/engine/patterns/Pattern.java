package dev.backtest.engine.patterns;

import java.util.List;
import java.util.OptionalInt;

/**
 * One detected pattern.
 *
 * <ul>
 *   <li>{@code points}: its swing pivots in bar order (docs/patterns.md lists them per kind); {@code firstBar} and
 *       {@code lastBar} are the first and last point's bars.</li>
 *   <li>{@code upper}, {@code lower}: its boundaries. A close above {@code upper} is an upward breakout, below
 *       {@code lower} a downward one; a breakout against the kind's {@link PatternKind#bias()} fails the pattern.</li>
 *   <li>{@code formedBar}: the bar the pattern became known (its last pivot's confirmation bar).</li>
 *   <li>{@code confirmationBar}: the first bar from {@code formedBar} on whose close broke out in the kind's direction,
 *       or −1 (not confirmed: failed, or still pending at the end of the data). {@code failedBar}: the bar it failed on
 *       (breakout the wrong way, boundaries met, or {@code maxBreakoutBars} passed), or −1.</li>
 *   <li>{@code direction}: the breakout's direction once confirmed, otherwise the kind's bias.</li>
 *   <li>{@code breakoutLevel}: the crossed boundary's price on the confirmation bar; while unconfirmed, the
 *       expected boundary's price on {@code formedBar} (NaN for a symmetric triangle, which may break either way).</li>
 *   <li>{@code height}: the pattern's height, the usual measured-move target distance from the breakout level.</li>
 * </ul>
 *
 * <pre>{@code
 * for (Pattern p : Patterns.detect(high, low, close, PatternOptions.defaults())) {
 *     if (p.isConfirmed()) System.out.println(p.kind() + " broke " + p.direction() + " at bar " + p.confirmationBar()
 *             + " through " + p.breakoutLevel() + ", target " + p.target() + ", stop " + p.stopLevel());
 * }
 * }</pre>
 */
public record Pattern(PatternKind kind, List<KeyPoint> points, Trendline upper, Trendline lower, int formedBar,
                      int confirmationBar, int failedBar, BreakoutDirection direction, double breakoutLevel, double height) {

    public Pattern {
        points = List.copyOf(points);
    }

    public int firstBar() {
        return points.get(0).bar();
    }

    public int lastBar() {
        return points.get(points.size() - 1).bar();
    }

    public boolean isConfirmed() {
        return confirmationBar >= 0;
    }

    public boolean isFailed() {
        return failedBar >= 0;
    }

    /** The confirmation bar, if confirmed. */
    public OptionalInt confirmation() {
        return isConfirmed() ? OptionalInt.of(confirmationBar) : OptionalInt.empty();
    }

    /** The measured-move target: the breakout level plus (UP) or minus (DOWN) the height; NaN without a direction. */
    public double target() {
        return direction == BreakoutDirection.UP ? breakoutLevel + height
                : direction == BreakoutDirection.DOWN ? breakoutLevel - height : Double.NaN;
    }

    /**
     * Where the pattern is invalidated: the opposite boundary's price on the confirmation bar (on {@code formedBar}
     * while unconfirmed); NaN without a direction.
     */
    public double stopLevel() {
        int at = isConfirmed() ? confirmationBar : formedBar;
        return direction == BreakoutDirection.UP ? lower.at(at) : direction == BreakoutDirection.DOWN ? upper.at(at) : Double.NaN;
    }

    /** This pattern as it was known at the end of {@code bar} (at or after {@code formedBar}): later outcomes hidden. */
    Pattern asOf(int bar) {
        if (confirmationBar >= 0 && confirmationBar <= bar || failedBar >= 0 && failedBar <= bar) {
            return this;
        }
        return pending(kind, points, upper, lower, formedBar);
    }

    static Pattern pending(PatternKind kind, List<KeyPoint> points, Trendline upper, Trendline lower, int formedBar) {
        BreakoutDirection bias = kind.bias();
        double level = bias == BreakoutDirection.UP ? upper.at(formedBar)
                : bias == BreakoutDirection.DOWN ? lower.at(formedBar) : Double.NaN;
        return new Pattern(kind, points, upper, lower, formedBar, -1, -1, bias, level, heightOf(kind, points, upper, lower));
    }

    /** Kept by the detector with its points: see {@link PatternDetector} for each kind's height. */
    private static double heightOf(PatternKind kind, List<KeyPoint> points, Trendline upper, Trendline lower) {
        return switch (kind) {
            case DOUBLE_TOP, DOUBLE_BOTTOM -> upper.price() - lower.price();
            case HEAD_AND_SHOULDERS -> points.get(2).price() - lower.at(points.get(2).bar());
            case INVERSE_HEAD_AND_SHOULDERS -> upper.at(points.get(2).bar()) - points.get(2).price();
            case ASCENDING_TRIANGLE -> upper.price() - points.get(0).price();
            case DESCENDING_TRIANGLE -> points.get(0).price() - lower.price();
            case SYMMETRIC_TRIANGLE -> Math.abs(points.get(1).price() - points.get(0).price());
            case BULL_FLAG -> points.get(1).price() - points.get(0).price();
            case BEAR_FLAG -> points.get(0).price() - points.get(1).price();
        };
    }
}

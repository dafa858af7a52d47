package dev.backtest.engine.patterns;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldErrors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Finds patterns one bar at a time: a {@link ZigZag} of {@link PatternOptions#zigzagPct()} gives the swings, each new
 * swing is tested as the last pivot of every kind, and each pattern formed is then watched bar by bar until a close
 * breaks out of it, it fails or the data ends. Nothing is decided from a later bar: a pattern is formed on its last
 * pivot's confirmation bar and confirmed on a bar's close, so feeding bars up to {@code i} gives exactly what a
 * detection over all bars shows of bars up to {@code i} ({@link Patterns#detect} is this detector run over the arrays).
 *
 * <p>With {@code tol = tolerancePct / 100}, levels {@code a}, {@code b} are <em>equal</em> when
 * {@code |a − b| <= tol · max(a, b)}; {@code b} <em>rises</em> from {@code a} when {@code b > a · (1 + tol)} and
 * <em>falls</em> when {@code b < a · (1 − tol)}. H, L are swing highs and lows, in order, the last being the new swing:
 * <ul>
 *   <li>double top: L0 H1 L H2 with H1 = H2 and L0 &lt; L; upper = max(H1, H2), lower (neckline) = L, both horizontal;
 *       points H1 L H2; height upper − L. Double bottom: the mirror (H0 L1 H L2, H0 &gt; H).</li>
 *   <li>head and shoulders: L0 H1 L1 H2 L2 H3 with H1 = H3, H2 rising from max(H1, H3), L0 &lt; min(L1, L2), and both
 *       shoulders above the neckline through L1 and L2 (the lower boundary); upper = H2 horizontal; points H1 L1 H2 L2 H3;
 *       height H2 − neckline at H2's bar. Inverse: the mirror.</li>
 *   <li>ascending triangle: L1 H1 L2 H2 L3 with H1 = H2, L2 rising from L1 and L3 from L2; upper = max(H1, H2)
 *       horizontal, lower through L2 and L3; height upper − L1. Descending: the mirror (H1 L1 H2 L2 H3, lower = min(L1, L2)).</li>
 *   <li>symmetric triangle: five swings of either start whose highs each fall from the previous high and whose lows
 *       each rise from the previous low; upper through the last two highs, lower through the last two lows; breaks
 *       either way; height = the first two swings' distance.</li>
 *   <li>bull flag: L0 H1 L1 H2 L2 where the pole L0 → H1 rises by at least {@code flagPoleMinPct} % of L0 in at most
 *       {@code flagPoleMaxBars} bars, H2 falls from H1, L2 falls from L1, and H1 − L2 is at most
 *       {@code flagMaxRetracement} of the pole; upper through H1 and H2, lower through L1 and L2; height = the pole.
 *       Bear flag: the mirror (H0 L1 H1 L2 H2).</li>
 * </ul>
 * A pattern is not formed when one of its kind that has not failed ends (its last pivot) after the new one's first
 * pivot: the same structure seen one swing later is not a second pattern.
 * From its formed bar on, each bar {@code j} of a pattern is checked in this order: the boundaries met
 * ({@code upper(j) <= lower(j)}) fails it; a close above {@code upper(j)} is an upward breakout, below {@code lower(j)} a
 * downward one, confirming the pattern if its kind allows that direction and failing it otherwise; and if
 * {@code j − formedBar} reached {@code maxBreakoutBars} it fails.
 *
 * <pre>{@code
 * PatternDetector d = new PatternDetector(PatternOptions.defaults());
 * for (int i = 0; i < close.length; i++) {
 *     for (Pattern p : d.next(high[i], low[i], close[i])) {   // confirmed on bar i
 *         System.out.println(p.kind() + " " + p.direction() + " at " + i);
 *     }
 * }
 * List<Pattern> all = d.patterns();
 * }</pre>
 */
public final class PatternDetector {

    private final PatternOptions options;
    private final double tol;
    private final ZigZag zigzag;
    private final List<Swing> swings = new ArrayList<>();
    /** Every pattern formed, in formation order; a pending entry is replaced when it is resolved. */
    private final List<Pattern> patterns = new ArrayList<>();
    /** Indices into {@code patterns} of the pending ones. */
    private final List<Integer> open = new ArrayList<>();

    /** @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} when {@code options} is null */
    public PatternDetector(PatternOptions options) {
        if (options == null) {
            throw FieldErrors.single("options", "is required");
        }
        this.options = options;
        this.tol = options.tolerancePct() / 100;
        this.zigzag = new ZigZag(options.zigzagPct());
    }

    /**
     * Takes the next bar; returns the patterns confirmed on its close (usually none).
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} for a price that is not finite and positive, or a
     *         low above the high, naming the array and bar ({@code low[12]})
     */
    public List<Pattern> next(double high, double low, double close) {
        int i = zigzag.bar() + 1;
        Inputs.bar(i, high, low, close);
        Swing s = zigzag.next(high, low);
        // earlier patterns first, so one failing on this bar no longer blocks a new one of its kind
        List<Pattern> confirmed = resolve(0, i, close, List.of());
        if (s != null) {
            swings.add(s);
            int before = open.size();
            form(i);
            confirmed = resolve(before, i, close, confirmed);
        }
        return confirmed;
    }

    /** Resolves the open patterns from position {@code from} of the open list on bar {@code i}. */
    private List<Pattern> resolve(int from, int i, double close, List<Pattern> confirmed) {
        for (int k = from; k < open.size(); k++) {
            int idx = open.get(k);
            Pattern r = resolve(patterns.get(idx), i, close);
            if (r != null) {
                patterns.set(idx, r);
                open.remove(k--);
                if (r.isConfirmed()) {
                    confirmed = confirmed.isEmpty() ? new ArrayList<>() : confirmed;
                    confirmed.add(r);
                }
            }
        }
        return confirmed;
    }

    /** Every pattern formed so far in formation order, each as known now (pending ones unconfirmed). */
    public List<Pattern> patterns() {
        return Collections.unmodifiableList(new ArrayList<>(patterns));
    }

    /** The patterns formed and neither confirmed nor failed yet. */
    public List<Pattern> pending() {
        return open.stream().map(patterns::get).toList();
    }

    /** The swings confirmed so far. */
    public List<Swing> swings() {
        return Collections.unmodifiableList(new ArrayList<>(swings));
    }

    public PatternOptions options() {
        return options;
    }

    private Pattern resolve(Pattern p, int i, double close) {
        double up = p.upper().at(i);
        double down = p.lower().at(i);
        BreakoutDirection bias = p.kind().bias();
        if (!(up > down)) {
            return failed(p, i);
        }
        if (close > up) {
            return bias == BreakoutDirection.DOWN ? failed(p, i) : confirmed(p, i, BreakoutDirection.UP, up);
        }
        if (close < down) {
            return bias == BreakoutDirection.UP ? failed(p, i) : confirmed(p, i, BreakoutDirection.DOWN, down);
        }
        return i - p.formedBar() >= options.maxBreakoutBars() ? failed(p, i) : null;
    }

    private static Pattern failed(Pattern p, int i) {
        return new Pattern(p.kind(), p.points(), p.upper(), p.lower(), p.formedBar(), -1, i, p.direction(), p.breakoutLevel(),
                p.height());
    }

    private static Pattern confirmed(Pattern p, int i, BreakoutDirection d, double level) {
        return new Pattern(p.kind(), p.points(), p.upper(), p.lower(), p.formedBar(), i, -1, d, level, p.height());
    }

    /** Tests the newest swing as the last pivot of each kind asked for. */
    private void form(int bar) {
        Swing last = swings.get(swings.size() - 1);
        if (last.high()) {
            doubleTop(bar);
            headAndShoulders(bar);
            descendingTriangle(bar);
            bearFlag(bar);
        } else {
            doubleBottom(bar);
            inverseHeadAndShoulders(bar);
            ascendingTriangle(bar);
            bullFlag(bar);
        }
        symmetricTriangle(bar);
    }

    private void doubleTop(int bar) {
        Swing[] w = last(4, PatternKind.DOUBLE_TOP);
        if (w != null && equal(w[1].price(), w[3].price()) && w[0].price() < w[2].price()) {
            add(PatternKind.DOUBLE_TOP, bar, Trendline.horizontal(w[1].bar(), Math.max(w[1].price(), w[3].price())),
                    Trendline.horizontal(w[1].bar(), w[2].price()), w[1], w[2], w[3]);
        }
    }

    private void doubleBottom(int bar) {
        Swing[] w = last(4, PatternKind.DOUBLE_BOTTOM);
        if (w != null && equal(w[1].price(), w[3].price()) && w[0].price() > w[2].price()) {
            add(PatternKind.DOUBLE_BOTTOM, bar, Trendline.horizontal(w[1].bar(), w[2].price()),
                    Trendline.horizontal(w[1].bar(), Math.min(w[1].price(), w[3].price())), w[1], w[2], w[3]);
        }
    }

    private void headAndShoulders(int bar) {
        Swing[] w = last(6, PatternKind.HEAD_AND_SHOULDERS);
        if (w == null) {
            return;
        }
        Trendline neck = Trendline.through(w[2].point(), w[4].point());
        if (equal(w[1].price(), w[5].price()) && rises(Math.max(w[1].price(), w[5].price()), w[3].price())
                && w[0].price() < Math.min(w[2].price(), w[4].price())
                && w[1].price() > neck.at(w[1].bar()) && w[5].price() > neck.at(w[5].bar())) {
            add(PatternKind.HEAD_AND_SHOULDERS, bar, Trendline.horizontal(w[3].bar(), w[3].price()), neck,
                    w[1], w[2], w[3], w[4], w[5]);
        }
    }

    private void inverseHeadAndShoulders(int bar) {
        Swing[] w = last(6, PatternKind.INVERSE_HEAD_AND_SHOULDERS);
        if (w == null) {
            return;
        }
        Trendline neck = Trendline.through(w[2].point(), w[4].point());
        if (equal(w[1].price(), w[5].price()) && falls(Math.min(w[1].price(), w[5].price()), w[3].price())
                && w[0].price() > Math.max(w[2].price(), w[4].price())
                && w[1].price() < neck.at(w[1].bar()) && w[5].price() < neck.at(w[5].bar())) {
            add(PatternKind.INVERSE_HEAD_AND_SHOULDERS, bar, neck, Trendline.horizontal(w[3].bar(), w[3].price()),
                    w[1], w[2], w[3], w[4], w[5]);
        }
    }

    private void ascendingTriangle(int bar) {
        Swing[] w = last(5, PatternKind.ASCENDING_TRIANGLE);
        if (w != null && equal(w[1].price(), w[3].price()) && rises(w[0].price(), w[2].price())
                && rises(w[2].price(), w[4].price())) {
            add(PatternKind.ASCENDING_TRIANGLE, bar, Trendline.horizontal(w[1].bar(), Math.max(w[1].price(), w[3].price())),
                    Trendline.through(w[2].point(), w[4].point()), w);
        }
    }

    private void descendingTriangle(int bar) {
        Swing[] w = last(5, PatternKind.DESCENDING_TRIANGLE);
        if (w != null && equal(w[1].price(), w[3].price()) && falls(w[0].price(), w[2].price())
                && falls(w[2].price(), w[4].price())) {
            add(PatternKind.DESCENDING_TRIANGLE, bar, Trendline.through(w[2].point(), w[4].point()),
                    Trendline.horizontal(w[1].bar(), Math.min(w[1].price(), w[3].price())), w);
        }
    }

    private void symmetricTriangle(int bar) {
        Swing[] w = last(5, PatternKind.SYMMETRIC_TRIANGLE);
        if (w == null) {
            return;
        }
        // w[0], w[2], w[4] are of one type and w[1], w[3] of the other
        boolean startsHigh = w[0].high();
        Swing[] highs = startsHigh ? new Swing[]{w[0], w[2], w[4]} : new Swing[]{w[1], w[3]};
        Swing[] lows = startsHigh ? new Swing[]{w[1], w[3]} : new Swing[]{w[0], w[2], w[4]};
        for (int k = 1; k < highs.length; k++) {
            if (!falls(highs[k - 1].price(), highs[k].price())) {
                return;
            }
        }
        for (int k = 1; k < lows.length; k++) {
            if (!rises(lows[k - 1].price(), lows[k].price())) {
                return;
            }
        }
        add(PatternKind.SYMMETRIC_TRIANGLE, bar,
                Trendline.through(highs[highs.length - 2].point(), highs[highs.length - 1].point()),
                Trendline.through(lows[lows.length - 2].point(), lows[lows.length - 1].point()), w);
    }

    private void bullFlag(int bar) {
        Swing[] w = last(5, PatternKind.BULL_FLAG);
        if (w == null) {
            return;
        }
        double pole = w[1].price() - w[0].price();
        if (w[1].price() >= w[0].price() * (1 + options.flagPoleMinPct() / 100)
                && w[1].bar() - w[0].bar() <= options.flagPoleMaxBars()
                && falls(w[1].price(), w[3].price()) && falls(w[2].price(), w[4].price())
                && w[1].price() - w[4].price() <= options.flagMaxRetracement() * pole) {
            add(PatternKind.BULL_FLAG, bar, Trendline.through(w[1].point(), w[3].point()),
                    Trendline.through(w[2].point(), w[4].point()), w);
        }
    }

    private void bearFlag(int bar) {
        Swing[] w = last(5, PatternKind.BEAR_FLAG);
        if (w == null) {
            return;
        }
        double pole = w[0].price() - w[1].price();
        if (w[1].price() <= w[0].price() * (1 - options.flagPoleMinPct() / 100)
                && w[1].bar() - w[0].bar() <= options.flagPoleMaxBars()
                && rises(w[1].price(), w[3].price()) && rises(w[2].price(), w[4].price())
                && w[4].price() - w[1].price() <= options.flagMaxRetracement() * pole) {
            add(PatternKind.BEAR_FLAG, bar, Trendline.through(w[2].point(), w[4].point()),
                    Trendline.through(w[1].point(), w[3].point()), w);
        }
    }

    /** The last {@code n} swings, or null when there are fewer or {@code kind} is not asked for. */
    private Swing[] last(int n, PatternKind kind) {
        int size = swings.size();
        if (size < n || !options.kinds().contains(kind)) {
            return null;
        }
        return swings.subList(size - n, size).toArray(new Swing[0]);
    }

    private void add(PatternKind kind, int bar, Trendline upper, Trendline lower, Swing... pivots) {
        List<KeyPoint> points = new ArrayList<>(pivots.length);
        for (Swing s : pivots) {
            points.add(s.point());
        }
        for (Pattern p : patterns) {
            // one structure is one pattern: a later window of the same swings (a triangle one swing on) is not another
            if (p.kind() == kind && !p.isFailed() && p.lastBar() > pivots[0].bar()) {
                return;
            }
        }
        open.add(patterns.size());
        patterns.add(Pattern.pending(kind, points, upper, lower, bar));
    }

    private boolean equal(double a, double b) {
        return Math.abs(a - b) <= tol * Math.max(a, b);
    }

    private boolean rises(double from, double to) {
        return to > from * (1 + tol);
    }

    private boolean falls(double from, double to) {
        return to < from * (1 - tol);
    }
}

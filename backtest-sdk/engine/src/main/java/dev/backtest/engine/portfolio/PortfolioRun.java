package dev.backtest.engine.portfolio;

import dev.backtest.engine.Cursor;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.util.Arrays;
import java.util.Map;

/**
 * One portfolio run: the loop over the timeline with the decisions, orders and fills of the portfolio semantics
 * (see the package documentation). Its state is its own; the universe is shared read-only. Per timeline time the
 * loop touches the assets that have a bar there (to move their last price) and sums the holdings, in one pass when
 * every asset has a bar and nothing fills; per decision and fill it goes over every asset. Nothing is allocated per
 * time: the curves are allocated once, the fill log grows by chunks, the decision log by one array per decision.
 */
final class PortfolioRun {

    /** No order, or no pending order: later than every time. */
    static final long NONE = Long.MAX_VALUE;
    /** A delta, or a scaled buy, worth less than this fraction of {@code V} is no order. */
    static final double NEGLIGIBLE = 1e-9;

    final Universe universe;
    private final PortfolioOptions options;
    private final PortfolioStrategy strategy;
    private final BuiltInWeighting builtIn;
    private final PortfolioContext ctx;
    /** The first timeline index of the run, and one past its last. */
    private final int from;
    private final int to;
    private final double contribution;
    private final boolean record;

    // the portfolio now, read by the context
    final int[] p;            // each asset's last bar at or before the current time; -1: not listed
    final double[] last;      // its close there (base currency); 0 while not listed
    final double[] units;
    double cash;
    long decisionTime;
    double decisionEquity;
    final Cursor[] cursors;
    final int[] capPtr;       // each asset's latest market cap at or before the decision; -1: none

    // the orders of the last decision
    private final long[] due;           // the time each order fills; NONE: no order
    private final double[] orderTarget;
    private long nextDue = NONE;
    private final double[] w;           // the targets being decided; NaN: no target
    private final double[] lastTarget;  // the last decision's targets, 0 for none, for the drift check
    private final boolean[] capped;
    private final boolean[] buying;
    private final int[] fillAssets;
    private final double[] fillTarget;
    private final double[] fillDelta;

    // what the run produces
    private final double[] equity;
    private final double[] flows;
    private final double[] benchmark;
    private final int benchmarkAsset;
    private final FillLog fills;
    private final DecisionLog decisions;
    private double commissions;
    private double traded;
    private int rebalances;
    private int firstFill = -1;
    private int first = -1;

    PortfolioRun(Universe universe, PortfolioOptions options, PortfolioStrategy strategy, int from, double contribution,
                 boolean record) {
        this.universe = universe;
        this.options = options;
        this.strategy = strategy;
        this.builtIn = strategy instanceof BuiltInWeighting b ? b : null;
        this.from = from;
        this.to = universe.timeline.length;
        this.contribution = contribution;
        this.record = record;
        int size = universe.size;
        p = new int[size];
        last = new double[size];
        units = new double[size];
        cursors = new Cursor[size];
        capPtr = new int[size];
        due = new long[size];
        orderTarget = new double[size];
        w = new double[size];
        lastTarget = new double[size];
        capped = new boolean[size];
        buying = new boolean[size];
        fillAssets = new int[size];
        fillTarget = new double[size];
        fillDelta = new double[size];
        long start = universe.timeline[from];
        for (int k = 0; k < size; k++) {
            cursors[k] = new Cursor();
            // the bar before the run's first time: the loop moves onto the bar at that time if there is one
            int i = Arrays.binarySearch(universe.time[k], start);
            p[k] = (i >= 0 ? i : -i - 1) - 1;
            last[k] = p[k] >= 0 ? universe.close[k][p[k]] : 0;
            capPtr[k] = -1;
        }
        Arrays.fill(due, NONE);
        cash = options.cash();
        int n = to - from;
        equity = new double[n];
        flows = contribution > 0 ? new double[n] : null;
        benchmarkAsset = options.benchmark() == null ? -1 : universe.indexOf(options.benchmark());
        benchmark = benchmarkAsset >= 0 ? new double[n] : null;
        fills = record ? new FillLog() : null;
        decisions = record ? new DecisionLog() : null;
        ctx = new PortfolioContext(this);
    }

    /** What a run produced: the curves (aligned to the run's timeline times), the logs and the sums over fills. */
    record Outcome(int from, double[] equity, double[] flows, double[] benchmark, FillLog fills, DecisionLog decisions,
                   double commissions, double traded, int rebalances, int firstFill, double cash, double[] units) {
    }

    Outcome run() {
        strategy.init(new PortfolioInit(universe, cursors));
        long[] timeline = universe.timeline;
        int[] barStart = universe.barStart;
        int[] barAsset = universe.barAsset;
        double[][] close = universe.close;
        int size = universe.size;
        boolean[] scheduled = scheduledTimes();
        boolean[] monthStart = flows == null ? null : monthStarts();
        for (int i = from; i < to; i++) {
            long t = timeline[i];
            int a = barStart[i];
            int b = barStart[i + 1];
            if (monthStart != null && monthStart[i - from]) {
                cash += contribution;
                flows[i - from] = contribution;
            }
            double e;
            if (b - a == size && t != nextDue) {
                // every asset has a bar (listed in asset order) and nothing fills: one pass moves each pointer and last
                // price and sums the holdings, in the same order as the general path
                e = cash;
                for (int k = 0; k < size; k++) {
                    double x = close[k][++p[k]];
                    last[k] = x;
                    e += units[k] * x;
                }
            } else {
                for (int j = a; j < b; j++) {
                    p[barAsset[j]]++;
                }
                // last[] still holds the closes before t here: the prices of the assets without an order due at t
                if (t == nextDue) {
                    fill(i, t);
                }
                for (int j = a; j < b; j++) {
                    int k = barAsset[j];
                    last[k] = close[k][p[k]];
                }
                e = cash;
                for (int k = 0; k < size; k++) {
                    e += units[k] * last[k];
                }
            }
            equity[i - from] = e;
            if (benchmark != null) {
                benchmark[i - from] = p[benchmarkAsset] >= 0 ? last[benchmarkAsset] : Double.NaN;
            }
            if (i < to - 1) {
                decide(i, t, e, scheduled, monthStart);
            }
        }
        return new Outcome(from, equity, flows, benchmark, fills, decisions, commissions, traded, rebalances, firstFill,
                cash, units.clone());
    }

    /**
     * For calendar schedules, whether each run time is the last timeline time of its period (the last run time is
     * never a decision time); null for daily and every_n.
     */
    private boolean[] scheduledTimes() {
        if (!(options.schedule() instanceof Schedule.Period period) || period == Schedule.Period.DAILY) {
            return null;
        }
        boolean[] end = new boolean[to - from];
        long[] timeline = universe.timeline;
        long key = periodKey(period, timeline[from]);
        for (int i = from; i < to - 1; i++) {
            long next = periodKey(period, timeline[i + 1]);
            end[i - from] = next != key;
            key = next;
        }
        return end;
    }

    /** Whether each run time is the first timeline time of a calendar month after the run's first one. */
    private boolean[] monthStarts() {
        boolean[] start = new boolean[to - from];
        long[] timeline = universe.timeline;
        long key = periodKey(Schedule.Period.MONTHLY, timeline[from]);
        for (int i = from + 1; i < to; i++) {
            long next = periodKey(Schedule.Period.MONTHLY, timeline[i]);
            start[i - from] = next != key;
            key = next;
        }
        return start;
    }

    private static long periodKey(Schedule.Period period, long t) {
        return Schedule.periodKey(period, Math.floorDiv(t, 86_400L));
    }

    /** Decides at the close of run time {@code i} if the strategy starts, the schedule, a contribution or the drift says so. */
    private void decide(int i, long t, double e, boolean[] scheduled, boolean[] monthStart) {
        Decision.Trigger trigger;
        if (first < 0) {
            trigger = Decision.Trigger.FIRST;
        } else if (onSchedule(i, scheduled)) {
            trigger = Decision.Trigger.SCHEDULE;
        } else if (monthStart != null && monthStart[i + 1 - from]) {
            trigger = Decision.Trigger.CONTRIBUTION;
        } else if (options.threshold() != null && nextDue == NONE && drifted(e, options.threshold())) {
            trigger = Decision.Trigger.THRESHOLD;
        } else {
            return;
        }
        if (!targets(t, e)) {
            return;
        }
        if (first < 0) {
            first = i;
        }
        if (options.maxWeight() != null) {
            cap(w, options.maxWeight(), capped);
        }
        rebalances++;
        if (record) {
            decisions.add(t, trigger, w);
        }
        placeOrders(t, e);
    }

    private boolean onSchedule(int i, boolean[] scheduled) {
        Schedule s = options.schedule();
        if (s instanceof Schedule.EveryN every) {
            return (i - first) % every.n() == 0;
        }
        return scheduled == null || scheduled[i - from]; // null: daily
    }

    /** Whether a listed asset's weight differs from its last target by more than {@code threshold}. */
    private boolean drifted(double e, double threshold) {
        for (int k = 0; k < units.length; k++) {
            if (p[k] >= 0 && Math.abs(units[k] * last[k] / e - lastTarget[k]) > threshold) {
                return true;
            }
        }
        return false;
    }

    /** Asks the strategy for targets into {@code w}; false when it holds (or is not ready). */
    private boolean targets(long t, double e) {
        decisionTime = t;
        decisionEquity = e;
        int size = universe.size;
        for (int k = 0; k < size; k++) {
            int bar = p[k];
            cursors[k].moveTo(bar, bar >= 0 ? universe.time[k][bar] : t);
            long[] capTime = universe.capTime[k];
            if (capTime != null) {
                int j = capPtr[k];
                while (j + 1 < capTime.length && capTime[j + 1] <= t) {
                    j++;
                }
                capPtr[k] = j;
            }
        }
        Arrays.fill(w, Double.NaN);
        boolean ready = builtIn != null ? builtIn.weights(ctx, w) : fromMap(strategy.weights(ctx), t);
        if (!ready) {
            return false;
        }
        for (int k = 0; k < size; k++) {
            if (p[k] < 0) {
                w[k] = Double.NaN; // not listed: its share stays in cash
            }
        }
        return true;
    }

    /** A strategy's answer into {@code w}, checked: known symbols, weights in [0, 1], sum at most 1. */
    private boolean fromMap(Map<String, Double> weights, long t) {
        if (weights == null || weights.isEmpty()) {
            return false;
        }
        double sum = 0;
        for (Map.Entry<String, Double> entry : weights.entrySet()) {
            String symbol = entry.getKey();
            int k = universe.indexOf(symbol);
            if (k < 0) {
                throw BacktestException.of(ErrorCode.INVALID_ORDER, "the strategy's weights at " + t + " name '" + symbol
                        + "', which is not an asset of the portfolio; its assets: " + universe.symbolList).with("symbol", String.valueOf(symbol));
            }
            Double v = entry.getValue();
            if (v == null || !(v >= 0 && v <= 1)) {
                throw BacktestException.of(ErrorCode.INVALID_ORDER, "the strategy's weight of '" + symbol + "' at " + t + " is " + v
                        + "; weights must be in [0, 1]").with("symbol", symbol);
            }
            w[k] = v;
            sum += v;
        }
        if (sum > 1 + PortfolioOptions.SUM_TOLERANCE) {
            throw BacktestException.of(ErrorCode.INVALID_ORDER, "the strategy's weights at " + t + " sum to " + sum
                    + "; they must sum to at most 1 (the rest is cash)");
        }
        return true;
    }

    /**
     * The cap: every weight above {@code cap} is set to it and the excess is given to the uncapped assets in
     * proportion to their weights, until no weight exceeds the cap; what cannot be given (every asset capped, or the
     * uncapped ones weigh nothing) stays in cash.
     */
    static void cap(double[] w, double cap, boolean[] capped) {
        Arrays.fill(capped, false);
        while (true) {
            double excess = 0;
            for (int k = 0; k < w.length; k++) {
                if (!capped[k] && w[k] > cap) { // NaN is never above
                    excess += w[k] - cap;
                    w[k] = cap;
                    capped[k] = true;
                }
            }
            if (excess == 0) {
                return;
            }
            double free = 0;
            for (int k = 0; k < w.length; k++) {
                if (!capped[k] && !Double.isNaN(w[k])) {
                    free += w[k];
                }
            }
            if (!(free > 0)) {
                return;
            }
            for (int k = 0; k < w.length; k++) {
                if (!capped[k] && !Double.isNaN(w[k])) {
                    w[k] += excess * w[k] / free;
                }
            }
        }
    }

    /**
     * Replaces the pending orders by the decision's: one for every asset with a target or units held and a bar after
     * {@code t}. A sell (target value below the holding at the close) fills at the asset's next bar; the buys wait for
     * the decision's last sell, filling at their first bar at or after it (at their next bar when nothing is sold).
     */
    private void placeOrders(long t, double e) {
        int size = universe.size;
        long lastSell = Long.MIN_VALUE;
        for (int k = 0; k < size; k++) {
            boolean hasTarget = !Double.isNaN(w[k]);
            double target = hasTarget ? w[k] : 0;
            lastTarget[k] = target;
            due[k] = NONE;
            buying[k] = false;
            long[] time = universe.time[k];
            int next = p[k] + 1;
            if (!hasTarget && units[k] == 0 || next >= time.length) {
                continue;
            }
            orderTarget[k] = target;
            if (target * e < units[k] * last[k]) {
                due[k] = time[next];
                lastSell = Math.max(lastSell, time[next]);
            } else {
                buying[k] = true; // its time is known once every sell's is
            }
        }
        nextDue = NONE;
        for (int k = 0; k < size; k++) {
            if (buying[k]) {
                long[] time = universe.time[k];
                int next = p[k] + 1;
                if (lastSell != Long.MIN_VALUE && next < time.length && time[next] < lastSell) {
                    int j = Arrays.binarySearch(time, next, time.length, lastSell);
                    next = j >= 0 ? j : -j - 1;
                }
                due[k] = next < time.length ? time[next] : NONE; // no bar left to fill at: no order
            }
            nextDue = Math.min(nextDue, due[k]);
        }
    }

    /**
     * Fills the orders due at timeline index {@code i} (time {@code t}), at the opens: {@code V} with those assets at
     * their open and every other one at its last close before {@code t}, target units {@code w·V/open} (floored when
     * not fractional), sells first, then the buys, scaled down together when they cost more than the cash.
     */
    private void fill(int i, long t) {
        int size = universe.size;
        double[][] open = universe.open;
        double v = cash;
        double others = 0;
        int n = 0;
        for (int k = 0; k < size; k++) {
            if (due[k] == t) {
                fillAssets[n++] = k;
                v += units[k] * open[k][p[k]];
            } else if (units[k] != 0) {
                others += units[k] * last[k];
            }
        }
        v += others;
        double negligible = NEGLIGIBLE * v;
        double c = options.commission();
        boolean fractional = options.fractional();
        double cost = 0;
        for (int j = 0; j < n; j++) {
            int k = fillAssets[j];
            double price = open[k][p[k]];
            double target = orderTarget[k] * v / price;
            if (!fractional) {
                target = Math.floor(target);
            }
            double d = target - units[k];
            fillTarget[j] = target;
            fillDelta[j] = 0;
            if (Math.abs(d) * price < negligible) {
                continue;
            }
            if (d < 0) {
                double gross = -d * price;
                cash += gross * (1 - c);
                units[k] = target;
                fillDelta[j] = d;
                traded(k, d, price, gross * c, i);
            } else {
                fillDelta[j] = d;
                cost += d * price * (1 + c);
            }
        }
        if (cost > 0) {
            boolean scaled = cost > cash;
            double scale = scaled ? Math.max(cash, 0) / cost : 1;
            for (int j = 0; j < n; j++) {
                double d = fillDelta[j];
                if (!(d > 0)) {
                    continue;
                }
                int k = fillAssets[j];
                double price = open[k][p[k]];
                if (scaled) {
                    d *= scale;
                    if (!fractional) {
                        d = Math.floor(d);
                    }
                    fillDelta[j] = d;
                    if (d * price < negligible) {
                        fillDelta[j] = 0;
                        continue;
                    }
                    units[k] += d;
                } else {
                    units[k] = fillTarget[j];
                }
                double gross = d * price;
                cash -= gross * (1 + c);
                traded(k, d, price, gross * c, i);
            }
            if (cash < 0) {
                cash = 0; // rounding of a few ulps after buys that spend all the cash
            }
        }
        if (record) {
            // weights after all fills at t, at the prices V used
            double after = cash + others;
            for (int j = 0; j < n; j++) {
                int k = fillAssets[j];
                after += units[k] * open[k][p[k]];
            }
            for (int row = fills.size - 1; row >= 0 && fills.step(row) == i; row--) {
                int k = fills.asset(row);
                fills.setWeightAfter(row, units[k] * open[k][p[k]] / after);
            }
        }
        for (int j = 0; j < n; j++) {
            due[fillAssets[j]] = NONE;
        }
        nextDue = NONE;
        for (int k = 0; k < size; k++) {
            nextDue = Math.min(nextDue, due[k]);
        }
    }

    /** Books a fill of {@code d} units (negative: sold) of asset {@code k} at timeline index {@code i}. */
    private void traded(int k, double d, double price, double commission, int i) {
        commissions += commission;
        traded += Math.abs(d) * price;
        if (firstFill < 0) {
            firstFill = i - from;
        }
        if (record) {
            fills.add(i, k, decisions.size - 1, p[k], d, units[k]);
        }
    }
}

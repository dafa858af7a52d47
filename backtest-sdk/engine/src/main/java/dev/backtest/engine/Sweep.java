package dev.backtest.engine;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldErrors;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parameter sweep: every combination of the grid's values (the first parameter varies slowest, in the order
 * the grid gives them; pass a {@link LinkedHashMap}) that passes the constraint and that the strategy accepts
 * is run, and the best {@link #top(int) top} by the {@link #metric(String) metric} are kept, highest first,
 * undefined (NaN) last, ties in grid order. The one implementation of sweeps: the SDK's
 * {@code client.engine().sweep(...)} and the server's synchronous and distributed sweeps all use it.
 *
 * <ul>
 *   <li>The constraint is {@code "a < b"} or {@code "a <= b"} between two parameters (grid or fixed ones), or
 *       any predicate over a combination's parameters. Nothing is evaluated as code.</li>
 *   <li>A combination the strategy rejects (its factory throws {@link ErrorCode#INVALID_STRATEGY_PARAMETER})
 *       is skipped, like one the constraint excludes, and not counted in {@link SweepResult#evaluated()}.</li>
 *   <li>The metric is checked when it is set: an unknown name fails before any run.</li>
 *   <li>Runs go in parallel on {@link #threads(int)} threads (0, the default: all cores); only the statistics of
 *       each run are kept.</li>
 *   <li>The evaluation core ({@link #evaluate(List, int, Function)}: parallel runs, ranking, top) takes any run
 *       that yields {@link MetricSource}: single-asset runs here, portfolio runs through
 *       {@code Portfolio.sweep(Sweep)}, whose metric names {@link #statistics(UnaryOperator)} checks.</li>
 * </ul>
 *
 * <pre>{@code
 * var grid = new LinkedHashMap<String, List<?>>();
 * grid.put("fast", List.of(5, 10, 20));
 * grid.put("slow", List.of(30, 50, 100));
 * SweepResult r = Sweep.of(grid).constraint("fast < slow").metric("sharpe_ratio").top(5)
 *         .run(series, p -> Strategies.smaCross((int) p.get("fast"), (int) p.get("slow")), RunOptions.defaults());
 * Map<String, Object> best = r.best().get(0).params();
 * }</pre>
 */
public final class Sweep {

    /** Ranked by default. */
    public static final String DEFAULT_METRIC = "sharpe_ratio";
    /** Kept by default. */
    public static final int DEFAULT_TOP = 5;
    /** The most results a sweep keeps. */
    public static final int MAX_TOP = 100;

    private static final Pattern CONSTRAINT = Pattern.compile(
            "\\s*([A-Za-z_][A-Za-z0-9_]{0,63})\\s*(<=|<)\\s*([A-Za-z_][A-Za-z0-9_]{0,63})\\s*");

    /** One parameter of the grid with its values, in the order given. */
    public record Axis(String name, List<Object> values) {
        public Axis {
            values = Collections.unmodifiableList(new ArrayList<>(values));
        }
    }

    private final List<Axis> axes;
    private final Map<String, Object> fixed;
    private final String constraintText;
    private final Predicate<Map<String, Object>> constraint;
    private final String metric;
    private final int top;
    private final int threads;
    /** Checks a metric name for the statistics this sweep ranks ({@link Stats#requireMetric} unless told otherwise). */
    private final UnaryOperator<String> requireMetric;

    private Sweep(List<Axis> axes, Map<String, Object> fixed, String constraintText, Predicate<Map<String, Object>> constraint,
                  String metric, int top, int threads, UnaryOperator<String> requireMetric) {
        this.axes = axes;
        this.fixed = fixed;
        this.constraintText = constraintText;
        this.constraint = constraint;
        this.metric = metric;
        this.top = top;
        this.threads = threads;
        this.requireMetric = requireMetric;
    }

    /** A result of {@link #evaluate(List, int, Function)}: a combination's position, parameters, metric value and statistics. */
    public record Scored<S extends MetricSource>(int combination, Map<String, Object> params, double metric, S stats) {
    }

    /**
     * A sweep over {@code grid}: each parameter name to a non-empty list of values, in the map's order.
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} for an empty grid or an empty list, naming each
     */
    public static Sweep of(Map<String, ? extends List<?>> grid) {
        return of(grid, Map.of(), null, DEFAULT_TOP);
    }

    /**
     * A sweep from a request's fields at once: the grid, the {@link #fixed(Map) fixed} parameters, the constraint
     * (text, may be null) and how many to keep. Every field that is wrong is named in one error.
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} listing {@code grid}, {@code grid.<name>},
     *         {@code constraint} and {@code top} errors
     */
    public static Sweep of(Map<String, ? extends List<?>> grid, Map<String, ?> fixed, String constraint, int top) {
        FieldErrors errors = new FieldErrors();
        List<Axis> axes = new ArrayList<>();
        if (grid == null || grid.isEmpty()) {
            errors.add("grid", "must map at least one parameter to a list of values");
        } else {
            for (Map.Entry<String, ? extends List<?>> e : grid.entrySet()) {
                if (e.getValue() == null || e.getValue().isEmpty()) {
                    errors.add("grid." + e.getKey(), "must be a non-empty list of values");
                } else {
                    axes.add(new Axis(e.getKey(), new ArrayList<>(e.getValue())));
                }
            }
        }
        Sweep sweep = new Sweep(List.copyOf(axes), Collections.unmodifiableMap(new LinkedHashMap<>(fixed)), null, null,
                DEFAULT_METRIC, DEFAULT_TOP, 0, Stats::requireMetric);
        Sweep constrained = errors.collect(() -> sweep.constraint(constraint));
        Sweep sized = errors.collect(() -> sweep.top(top));
        errors.throwIfAny();
        return new Sweep(sweep.axes, sweep.fixed, constrained.constraintText, constrained.constraint, DEFAULT_METRIC, sized.top, 0,
                Stats::requireMetric);
    }

    /**
     * Parameters held at one value in every combination (a stored backtest's own parameters, say): merged under
     * each combination before the constraint and the factory see it. A constraint set earlier is checked again.
     */
    public Sweep fixed(Map<String, ?> parameters) {
        Map<String, Object> copy = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        Sweep s = new Sweep(axes, copy, null, null, metric, top, threads, requireMetric);
        return constraintText != null ? s.constraint(constraintText) : constraint != null ? s.constraint(constraint) : s;
    }

    /**
     * Keeps the combinations where {@code a < b} (or {@code a <= b}) for two parameters of the grid or
     * {@link #fixed(Map) fixed} ones; a null or blank text keeps all.
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} (field {@code constraint}) for any other form or
     *         a name that is not a parameter
     */
    public Sweep constraint(String text) {
        Predicate<Map<String, Object>> test = parseConstraint(text, parameters());
        return new Sweep(axes, fixed, test == null ? null : text.strip(), test, metric, top, threads, requireMetric);
    }

    /** Keeps the combinations (their full parameters, fixed ones included) that pass {@code test}. */
    public Sweep constraint(Predicate<Map<String, Object>> test) {
        return new Sweep(axes, fixed, null, test, metric, top, threads, requireMetric);
    }

    /**
     * Ranks by the statistic named {@code name}: a name of {@link Stats#NAMES} (e.g. {@code sharpe_ratio}), or of the
     * statistics that {@link #statistics(UnaryOperator)} named.
     *
     * @throws BacktestException {@link ErrorCode#INVALID_RUN_OPTIONS} for a name that is not a statistic
     */
    public Sweep metric(String name) {
        return new Sweep(axes, fixed, constraintText, constraint, requireMetric.apply(name), top, threads, requireMetric);
    }

    /**
     * Ranks statistics of another kind than {@link Stats}: {@code requireMetric} checks a name as that kind's
     * {@code requireMetric} does (returns it, or throws {@link ErrorCode#INVALID_RUN_OPTIONS} naming the accepted
     * ones). The metric chosen so far is checked again.
     *
     * <pre>{@code
     * Sweep s = Sweep.of(grid).statistics(PortfolioStats::requireMetric).metric("turnover_pct");
     * }</pre>
     */
    public Sweep statistics(UnaryOperator<String> requireMetric) {
        return new Sweep(axes, fixed, constraintText, constraint, requireMetric.apply(metric), top, threads, requireMetric);
    }

    /**
     * Keeps the best {@code n}, 1 to {@link #MAX_TOP}.
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} (field {@code top}) outside that range
     */
    public Sweep top(int n) {
        if (n < 1 || n > MAX_TOP) {
            throw FieldErrors.single("top", "must be from 1 to " + MAX_TOP + "; got " + n);
        }
        return new Sweep(axes, fixed, constraintText, constraint, metric, n, threads, requireMetric);
    }

    /** Runs on {@code n} threads; 0 means one per core. */
    public Sweep threads(int n) {
        if (n < 0) {
            throw FieldErrors.single("threads", "must be 0 (all cores) or more; got " + n);
        }
        return new Sweep(axes, fixed, constraintText, constraint, metric, top, n, requireMetric);
    }

    public List<Axis> axes() {
        return axes;
    }

    public Map<String, Object> fixedParameters() {
        return fixed;
    }

    /** The constraint as text, or null when none was given as text. */
    public String constraintText() {
        return constraintText;
    }

    public String metric() {
        return metric;
    }

    public int top() {
        return top;
    }

    /** The number of combinations of the grid before the constraint; {@link Long#MAX_VALUE} when it overflows. */
    public long size() {
        long size = 1;
        for (Axis a : axes) {
            size = size > Long.MAX_VALUE / a.values().size() ? Long.MAX_VALUE : size * a.values().size();
        }
        return size;
    }

    /**
     * Refuses a grid of more than {@code limit} combinations before anything is expanded or run.
     *
     * @throws BacktestException {@link ErrorCode#GRID_TOO_LARGE} with {@code grid_size} and {@code limit}
     */
    public Sweep requireSizeAtMost(long limit, String limitName) {
        long size = size();
        if (size > limit) {
            throw BacktestException.of(ErrorCode.GRID_TOO_LARGE, "the grid has " + size + " combinations; the limit is " + limit
                    + " (" + limitName + "): use fewer values").with("grid_size", size).with("limit", limit);
        }
        return this;
    }

    /** The names the constraint may compare: the grid's, then the fixed ones. */
    public Set<String> parameters() {
        Set<String> names = new LinkedHashSet<>();
        axes.forEach(a -> names.add(a.name()));
        names.addAll(fixed.keySet());
        return names;
    }

    /**
     * The combinations to run, in grid order, each with its full parameters (fixed ones included): those that pass
     * the constraint and whose strategy {@code factory} creates without {@link ErrorCode#INVALID_STRATEGY_PARAMETER}
     * (any factory of what a run needs: a {@link Strategy}, a portfolio configured by the parameters, ...).
     * Call {@link #size()} first when the grid may be too large to expand.
     */
    public List<Map<String, Object>> combinations(Function<Map<String, Object>, ?> factory) {
        List<Map<String, Object>> out = new ArrayList<>();
        expand(0, new LinkedHashMap<>(fixed), factory, out);
        return out;
    }

    private void expand(int depth, LinkedHashMap<String, Object> current, Function<Map<String, Object>, ?> factory,
                        List<Map<String, Object>> out) {
        if (depth == axes.size()) {
            Map<String, Object> params = Collections.unmodifiableMap(new LinkedHashMap<>(current));
            if ((constraint == null || constraint.test(params)) && accepts(factory, params)) {
                out.add(params);
            }
            return;
        }
        Axis axis = axes.get(depth);
        Object before = current.get(axis.name());
        for (Object v : axis.values()) {
            current.put(axis.name(), v);
            expand(depth + 1, current, factory, out);
        }
        if (fixed.containsKey(axis.name())) {
            current.put(axis.name(), before);
        } else {
            current.remove(axis.name());
        }
    }

    private static boolean accepts(Function<Map<String, Object>, ?> factory, Map<String, Object> params) {
        try {
            factory.apply(params);
            return true;
        } catch (BacktestException e) {
            if (e.code() == ErrorCode.INVALID_STRATEGY_PARAMETER) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Runs every accepted combination over {@code series} and keeps the best.
     *
     * @throws BacktestException {@link ErrorCode#INVALID_BARS} for bars the engine refuses; any other error a run
     *         throws
     */
    public SweepResult run(CandleSeries series, Function<Map<String, Object>, Strategy> factory, RunOptions options) {
        List<Map<String, Object>> combinations = combinations(factory);
        return new SweepResult(metric, size(), combinations.size(), evaluate(series, factory, options, combinations, 0));
    }

    /**
     * Runs {@code combinations} (their positions in the sweep's order being {@code first}, {@code first + 1}, ...) and
     * returns the best {@link #top()}, best first: a part of a sweep cut into chunks. The best of several parts
     * ranked together with {@link #ranking} is the best of the whole sweep.
     */
    public List<SweepResult.Entry> evaluate(CandleSeries series, Function<Map<String, Object>, Strategy> factory,
                                            RunOptions options, List<Map<String, Object>> combinations, int first) {
        Stats.requireMetric(metric);
        Bars bars = Engine.validate(series.time(), series.open(), series.high(), series.low(), series.close(), series.volume());
        List<SweepResult.Entry> entries = new ArrayList<>();
        for (Scored<Stats> s : evaluate(combinations, first, p -> Engine.run(bars, factory.apply(p), options).stats())) {
            entries.add(new SweepResult.Entry(s.combination(), s.params(), s.metric(), s.stats()));
        }
        return List.copyOf(entries);
    }

    /**
     * The evaluation core of every sweep: runs {@code combinations} (positions {@code first}, {@code first + 1}, ...
     * in the sweep's order) through {@code run} on {@link #threads(int)} threads and returns the best {@link #top()},
     * metric descending, NaN last, ties by position. {@code run} must be safe to call from several threads at once;
     * the metric must be one of its statistics' names (checked by the caller before anything runs).
     *
     * @throws BacktestException the first error a run throws
     */
    public <S extends MetricSource> List<Scored<S>> evaluate(List<Map<String, Object>> combinations, int first,
                                                        Function<Map<String, Object>, S> run) {
        int n = combinations.size();
        List<S> stats = new ArrayList<>(Collections.nCopies(n, null));
        int nThreads = Math.min(Math.max(n, 1), threads == 0 ? Runtime.getRuntime().availableProcessors() : threads);
        ExecutorService pool = Executors.newFixedThreadPool(nThreads, r -> {
            Thread t = new Thread(r, "sweep");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<S>> futures = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                Map<String, Object> params = combinations.get(k);
                futures.add(pool.submit(() -> run.apply(params)));
            }
            for (int k = 0; k < n; k++) {
                stats.set(k, futures.get(k).get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BacktestException(ErrorCode.INTERNAL, "sweep interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BacktestException be) {
                throw be;
            }
            throw new BacktestException(ErrorCode.INTERNAL, "a sweep run failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        List<Scored<S>> entries = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            S st = stats.get(k);
            entries.add(new Scored<>(first + k, combinations.get(k), st.metric(metric), st));
        }
        entries.sort(ranking(Scored::metric, Scored::combination));
        return List.copyOf(entries.subList(0, Math.min(top, entries.size())));
    }

    /** The order of a sweep's results: metric descending, NaN last, then position in the sweep's order. */
    public static <T> Comparator<T> ranking(ToDoubleFunction<T> metric, ToIntFunction<T> position) {
        return (a, b) -> {
            double ma = metric.applyAsDouble(a);
            double mb = metric.applyAsDouble(b);
            boolean an = Double.isNaN(ma);
            boolean bn = Double.isNaN(mb);
            int c = an || bn ? Boolean.compare(an, bn) : Double.compare(mb, ma);
            return c != 0 ? c : Integer.compare(position.applyAsInt(a), position.applyAsInt(b));
        };
    }

    /** The predicate of a constraint text over {@code names}; always true for null or blank. */
    static Predicate<Map<String, Object>> parseConstraint(String text, Collection<String> names) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Matcher m = CONSTRAINT.matcher(text);
        if (text.length() > 200 || !m.matches()) {
            throw FieldErrors.single("constraint", "must be 'a < b' or 'a <= b' between two parameter names; got '"
                    + (text.length() > 60 ? text.substring(0, 60) + "..." : text) + "'");
        }
        String left = m.group(1);
        String right = m.group(3);
        boolean strict = m.group(2).equals("<");
        for (String name : new String[] {left, right}) {
            if (!names.contains(name)) {
                throw FieldErrors.single("constraint", "names '" + name + "', which is not a parameter of the sweep; accepted: "
                        + names);
            }
        }
        return p -> {
            double a = number(p.get(left));
            double b = number(p.get(right));
            return strict ? a < b : a <= b;
        };
    }

    private static double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    @Override
    public String toString() {
        return "Sweep[" + axes + (fixed.isEmpty() ? "" : ", fixed " + fixed) + (constraintText == null ? "" : ", " + constraintText)
                + ", metric " + metric + ", top " + top + "]";
    }
}

package dev.backtest.sdk.backtest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.backtest.sdk.BacktestException;
import dev.backtest.sdk.ErrorCode;
import dev.backtest.sdk.FieldErrors;
import dev.backtest.sdk.engine.Engine;
import dev.backtest.sdk.engine.OptimizationResult;
import dev.backtest.sdk.engine.RunOptions;
import dev.backtest.sdk.engine.Stats;
import dev.backtest.sdk.engine.strategies.ParamSpec;
import dev.backtest.sdk.engine.strategies.Strategies;
import dev.backtest.sdk.engine.strategies.StrategySpec;
import dev.backtest.sdk.marketdata.CandleSeries;
import dev.backtest.sdk.persistence.JsonColumns;
import dev.backtest.sdk.strategy.StrategyDefinition;
import jakarta.persistence.EntityManager;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The one implementation of a parameter sweep, shared by the synchronous {@link RunService#optimize} and the
 * distributed sweeps whose chunks run on {@link RunQueue} workers: validation, the combinations in grid order,
 * evaluation of a slice of them with {@link Engine#optimize} on all cores, and the ranking (metric descending,
 * NaN last, ties in grid order) that lets per-chunk top-N lists be merged into exactly the synchronous top-N.
 */
final class ParameterSweep {

    /** Largest parameter grid accepted (combinations before the constraint). */
    /** A distributed sweep is cut into about this many chunks ... */
    static final int TARGET_CHUNKS = 16;
    /** ... of at most this many combinations each. */
    static final int MAX_CHUNK_COMBINATIONS = 500;

    /** The single grid axis handed to the engine: the position of each combination in the sweep's order. */
    private static final String POSITION = "combination";
    /** Stored JSON (requests, chunk and sweep results): snake_case like the rest of the database. */
    static final ObjectMapper STORED = RunService.JSON.copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /** Best first: metric descending with NaN last, then grid order; the engine's order made total by the position. */
    static final Comparator<Ranked> ORDER = (a, b) -> {
        boolean an = Double.isNaN(a.metric());
        boolean bn = Double.isNaN(b.metric());
        int c = an || bn ? Boolean.compare(an, bn) : Double.compare(b.metric(), a.metric());
        return c != 0 ? c : Integer.compare(a.combination(), b.combination());
    };

    private ParameterSweep() {
    }

    /** What a sweep runs on, read from the backtest and its strategy when it starts. */
    record Setup(String strategy, Map<String, Object> base, String symbol, String timeframe, LocalDate start, LocalDate end,
                 RunOptions options) {
    }

    /** One parameter of the grid with its values, in the order given. */
    record Axis(String name, List<Object> values) {
    }

    /**
     * A validated sweep: the grid in its order, the combinations (grid parameters only) in grid order that pass the
     * constraint and the strategy's own rules, the metric and how many to keep.
     */
    record Plan(Setup setup, List<Axis> grid, String constraint, String metric, int top, long gridSize,
                List<Map<String, Object>> combinations) {
    }

    /** One evaluated combination: its position in the sweep's order, the metric, the parameters it ran with, its statistics. */
    record Ranked(int combination, double metric, Map<String, Object> parameters, JsonNode stats) {
    }

    /** A chunk's outcome as stored: how many combinations it ran and its own best {@code top}. */
    record ChunkResult(int evaluated, List<Ranked> top) {
    }

    /**
     * The backtest's strategy, merged parameters, candles and engine options.
     *
     * @throws BacktestException {@link ErrorCode#BACKTEST_NOT_FOUND}; {@link ErrorCode#VALIDATION_FAILED} without a strategy
     */
    static Setup setup(EntityManager em, UUID userId, UUID backtestId) {
        Backtest b = BacktestService.owned(em, userId, backtestId);
        StrategyDefinition strategy = b.getStrategyId().map(id -> em.find(StrategyDefinition.class, id)).orElse(null);
        if (strategy == null) {
            throw FieldErrors.single("strategy", "backtest " + backtestId + " has no strategy; set one before optimising it");
        }
        Map<String, Object> base = new HashMap<>(JsonColumns.read(strategy.getParametersJson()));
        base.putAll(JsonColumns.read(b.getParametersJson()));
        return new Setup(strategy.getType(), base, b.getSymbol(), b.getTimeframe(), b.getStartDate(), b.getEndDate(),
                RunService.engineOptions(b));
    }

    /**
     * Validates the request against the strategy and expands the grid.
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} for a bad grid, constraint or top;
     *         {@link ErrorCode#GRID_TOO_LARGE} above {@code maxGrid} combinations (with {@code grid_size} and
     *         {@code limit}); {@link ErrorCode#INVALID_RUN_OPTIONS} for an unknown metric
     */
    static Plan plan(Setup setup, OptimizeRequest request, long maxGrid) {
        OptimizeRequest req = request == null ? new OptimizeRequest(null, null, null, null) : request;
        StrategySpec spec = Strategies.spec(setup.strategy());
        Set<String> names = new LinkedHashSet<>(spec.params().stream().map(ParamSpec::name).toList());
        FieldErrors errors = new FieldErrors();
        Map<String, List<Object>> grid = req.grid() == null ? Map.of() : req.grid();
        if (grid.isEmpty()) {
            errors.add("grid", "must map at least one parameter to a list of values; parameters of " + setup.strategy() + ": " + names);
        }
        long size = 1;
        List<Axis> axes = new ArrayList<>();
        for (Map.Entry<String, List<Object>> e : grid.entrySet()) {
            if (!names.contains(e.getKey())) {
                errors.add("grid." + e.getKey(), "is not a parameter of " + setup.strategy() + "; accepted: " + names);
            }
            if (e.getValue() == null || e.getValue().isEmpty()) {
                errors.add("grid." + e.getKey(), "must be a non-empty list of values");
            } else {
                size = size > Long.MAX_VALUE / e.getValue().size() ? Long.MAX_VALUE : size * e.getValue().size();
                axes.add(new Axis(e.getKey(), List.copyOf(e.getValue())));
            }
        }
        int top = req.top() == null ? 5 : req.top();
        if (top < 1 || top > RunService.MAX_TOP) {
            errors.add("top", "must be from 1 to " + RunService.MAX_TOP + "; got " + top);
        }
        String metric = req.metric() == null || req.metric().isBlank() ? "sharpe_ratio" : req.metric().strip();
        errors.throwIfAny();
        if (size > maxGrid) {
            throw BacktestException.of(ErrorCode.GRID_TOO_LARGE, "the grid has " + size + " combinations; the limit is " + maxGrid
                    + " (OPTIMIZE_MAX_GRID): use fewer values").with("grid_size", size).with("limit", maxGrid);
        }
        Predicate<Map<String, Object>> constraint = ParameterConstraint.parse(req.constraint(), names);
        Stats.requireMetric(metric);
        List<Map<String, Object>> combinations = new ArrayList<>();
        expand(axes, 0, new LinkedHashMap<>(), all -> constraint.test(all) && accepted(spec, all), setup.base(), combinations);
        return new Plan(setup, List.copyOf(axes), req.constraint(), metric, top, size, combinations);
    }

    /** Every combination in grid order (the first axis varies slowest), kept when the merged parameters pass {@code keep}. */
    private static void expand(List<Axis> axes, int depth, LinkedHashMap<String, Object> current, Predicate<Map<String, Object>> keep,
                               Map<String, Object> base, List<Map<String, Object>> out) {
        if (depth == axes.size()) {
            if (keep.test(merge(base, current))) {
                out.add(new LinkedHashMap<>(current));
            }
            return;
        }
        Axis axis = axes.get(depth);
        for (Object v : axis.values()) {
            current.put(axis.name(), v);
            expand(axes, depth + 1, current, keep, base, out);
        }
        current.remove(axis.name());
    }

    /**
     * Runs {@code combinations} (positions {@code first}, {@code first + 1}, ... of the sweep) over the candles on all
     * cores and returns the best {@code top}, best first.
     */
    static List<Ranked> evaluate(Setup setup, String metric, int top, CandleSeries series, List<Map<String, Object>> combinations,
                                 int first) {
        StrategySpec spec = Strategies.spec(setup.strategy());
        List<Integer> positions = new ArrayList<>(combinations.size());
        for (int i = 0; i < combinations.size(); i++) {
            positions.add(first + i);
        }
        List<OptimizationResult> best = Engine.optimize(series,
                p -> spec.create(merge(setup.base(), combinations.get((Integer) p.get(POSITION) - first))),
                Map.of(POSITION, positions), null, metric, top, setup.options(), 0);
        List<Ranked> out = new ArrayList<>(best.size());
        for (OptimizationResult r : best) {
            int position = (Integer) r.params().get(POSITION);
            out.add(new Ranked(position, r.metric(), spec.validate(merge(setup.base(), combinations.get(position - first))),
                    RunService.JSON.valueToTree(r.stats())));
        }
        return out;
    }

    /** The best {@code top} of several chunks' best lists: the same as ranking all their combinations at once. */
    static List<Ranked> merge(Collection<List<Ranked>> parts, int top) {
        List<Ranked> all = new ArrayList<>();
        parts.forEach(all::addAll);
        all.sort(ORDER);
        return List.copyOf(all.subList(0, Math.min(top, all.size())));
    }

    static OptimizeResult result(String strategy, String metric, long gridSize, int evaluated, List<Ranked> best) {
        return new OptimizeResult(strategy, metric, gridSize, evaluated, best.stream()
                .map(r -> new OptimizeResult.Entry(r.parameters(), Double.isFinite(r.metric()) ? r.metric() : null, r.stats()))
                .toList());
    }

    /**
     * Chunk sizes for {@code combinations}: about {@link #TARGET_CHUNKS} chunks of at most
     * {@link #MAX_CHUNK_COMBINATIONS}, at least one combination each; one empty chunk when there is none (it still
     * checks the candles, as the synchronous sweep does).
     */
    static List<Integer> chunkSizes(int combinations) {
        if (combinations == 0) {
            return List.of(0);
        }
        int size = Math.min(MAX_CHUNK_COMBINATIONS, Math.max(1, (combinations + TARGET_CHUNKS - 1) / TARGET_CHUNKS));
        List<Integer> sizes = new ArrayList<>();
        for (int left = combinations; left > 0; left -= size) {
            sizes.add(Math.min(size, left));
        }
        return sizes;
    }

    // ---- stored JSON ----------------------------------------------------------------------------------------

    private record StoredRequest(List<Axis> grid, String constraint, String metric, int top) {
    }

    /** The request as stored: the grid as a list of axes, so its order survives JSONB. */
    static String requestJson(Plan plan) {
        return write(new StoredRequest(plan.grid(), plan.constraint(), plan.metric(), plan.top()));
    }

    static String combinationsJson(List<Map<String, Object>> combinations) {
        return write(combinations);
    }

    static List<Map<String, Object>> readCombinations(String json) {
        return read(json, new TypeReference<List<Map<String, Object>>>() { });
    }

    static String engineOptionsJson(RunOptions options) {
        return RunService.write(options);
    }

    static Setup setup(Optimization o) {
        Optimization.Snapshot s = o.getSnapshot();
        RunOptions options;
        try {
            options = RunService.JSON.readValue(s.engineOptionsJson(), RunOptions.class);
        } catch (JsonProcessingException e) {
            throw new BacktestException(ErrorCode.DATA_CORRUPT, "the sweep's stored engine options cannot be read: "
                    + e.getOriginalMessage(), e);
        }
        return new Setup(s.strategy(), JsonColumns.read(s.parametersJson()), s.symbol(), s.timeframe(), s.startDate(), s.endDate(),
                options);
    }

    static Optimization.Snapshot snapshot(Setup s) {
        return new Optimization.Snapshot(s.strategy(), JsonColumns.write(s.base()), s.symbol(), s.timeframe(), s.start(), s.end(),
                engineOptionsJson(s.options()));
    }

    private record StoredEntry(int combination, String metric, Map<String, Object> parameters, JsonNode stats) {
    }

    private record StoredChunk(int evaluated, List<StoredEntry> top) {
    }

    /** A chunk's result; the metric is written with {@link Double#toString} so that NaN, infinities and -0.0 rank as they did. */
    static String chunkResultJson(ChunkResult result) {
        return write(new StoredChunk(result.evaluated(), result.top().stream()
                .map(r -> new StoredEntry(r.combination(), Double.toString(r.metric()), r.parameters(), r.stats())).toList()));
    }

    static ChunkResult readChunkResult(String json) {
        StoredChunk c = read(json, new TypeReference<StoredChunk>() { });
        return new ChunkResult(c.evaluated(), c.top().stream()
                .map(e -> new Ranked(e.combination(), Double.parseDouble(e.metric()), e.parameters(), e.stats())).toList());
    }

    static String resultJson(OptimizeResult result) {
        return write(result);
    }

    static OptimizeResult readResult(String json) {
        return read(json, new TypeReference<OptimizeResult>() { });
    }

    private static String write(Object value) {
        try {
            return STORED.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new BacktestException(ErrorCode.INTERNAL, "cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return STORED.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new BacktestException(ErrorCode.DATA_CORRUPT, "stored sweep JSON cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> combination) {
        Map<String, Object> all = new HashMap<>(base);
        all.putAll(combination);
        return all;
    }

    private static boolean accepted(StrategySpec spec, Map<String, Object> params) {
        try {
            spec.validate(params);
            return true;
        } catch (BacktestException e) {
            return false;
        }
    }
}

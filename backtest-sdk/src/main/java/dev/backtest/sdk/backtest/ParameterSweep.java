package dev.backtest.sdk.backtest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldErrors;
import dev.backtest.engine.RunOptions;
import dev.backtest.engine.Sweep;
import dev.backtest.engine.SweepResult;
import dev.backtest.engine.strategies.ParamSpec;
import dev.backtest.engine.strategies.Strategies;
import dev.backtest.engine.strategies.StrategySpec;
import dev.backtest.engine.CandleSeries;
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

/**
 * A stored backtest's parameter sweeps, shared by the synchronous {@link RunService#optimize} and the distributed
 * sweeps whose chunks run on {@link RunQueue} workers. The sweep itself (grid order, constraint, the combinations the
 * strategy rejects, evaluation on all cores, the ranking that lets per-chunk top-N lists merge into exactly the
 * synchronous top-N) is the engine's {@link Sweep}; here are the backtest's setup, the strategy's own checks, the
 * chunks and the stored JSON.
 */
final class ParameterSweep {

    /** Largest parameter grid accepted (combinations before the constraint). */
    /** A distributed sweep is cut into about this many chunks ... */
    static final int TARGET_CHUNKS = 16;
    /** ... of at most this many combinations each. */
    static final int MAX_CHUNK_COMBINATIONS = 500;

    /** Stored JSON (requests, chunk and sweep results): snake_case like the rest of the database. */
    static final ObjectMapper STORED = RunService.JSON.copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /** Best first: metric descending with NaN last, then the position in the sweep's order (the engine's ranking). */
    static final Comparator<Ranked> ORDER = Sweep.ranking(Ranked::metric, Ranked::combination);

    private ParameterSweep() {
    }

    /** What a sweep runs on, read from the backtest and its strategy when it starts. */
    record Setup(String strategy, Map<String, Object> base, String symbol, String timeframe, LocalDate start, LocalDate end,
                 RunOptions options) {
    }

    /**
     * A validated sweep and its combinations in grid order (full parameters) that pass the constraint and the strategy's
     * own rules.
     */
    record Plan(Setup setup, Sweep sweep, List<Map<String, Object>> combinations) {
        String metric() {
            return sweep.metric();
        }

        int top() {
            return sweep.top();
        }

        long gridSize() {
            return sweep.size();
        }
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
        for (String name : grid.keySet()) {
            if (!names.contains(name)) {
                errors.add("grid." + name, "is not a parameter of " + setup.strategy() + "; accepted: " + names);
            }
        }
        int top = req.top() == null ? Sweep.DEFAULT_TOP : req.top();
        Sweep sweep = errors.collect(() -> Sweep.of(grid, fixed(spec, setup.base()), req.constraint(), top));
        errors.throwIfAny();
        sweep = sweep.requireSizeAtMost(maxGrid, "OPTIMIZE_MAX_GRID")
                .metric(req.metric() == null || req.metric().isBlank() ? Sweep.DEFAULT_METRIC : req.metric().strip());
        return new Plan(setup, sweep, sweep.combinations(spec::create));
    }

    /** The strategy's defaults under the backtest's own parameters: what every combination starts from. */
    private static Map<String, Object> fixed(StrategySpec spec, Map<String, Object> base) {
        Map<String, Object> fixed = new LinkedHashMap<>(spec.defaults());
        fixed.putAll(base);
        return fixed;
    }

    /**
     * Runs {@code combinations} (positions {@code first}, {@code first + 1}, ... of the sweep) over the candles on all
     * cores and returns the best {@code sweep.top()}, best first.
     */
    static List<Ranked> evaluate(Setup setup, Sweep sweep, CandleSeries series, List<Map<String, Object>> combinations, int first) {
        StrategySpec spec = Strategies.spec(setup.strategy());
        List<Ranked> out = new ArrayList<>();
        for (SweepResult.Entry e : sweep.evaluate(series, spec::create, setup.options(), combinations, first)) {
            out.add(new Ranked(e.combination(), e.metric(), spec.validate(e.params()), RunService.JSON.valueToTree(e.stats())));
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

    private record StoredRequest(List<Sweep.Axis> grid, String constraint, String metric, int top) {
    }

    /** The request as stored: the grid as a list of axes, so its order survives JSONB. */
    static String requestJson(Plan plan) {
        Sweep s = plan.sweep();
        return write(new StoredRequest(s.axes(), s.constraintText(), s.metric(), s.top()));
    }

    /** The sweep a stored request and setup describe, for a chunk to run its part of it. */
    static Sweep sweep(Optimization o, Setup setup) {
        StoredRequest r = read(o.getRequestJson(), new TypeReference<StoredRequest>() { });
        Map<String, List<Object>> grid = new LinkedHashMap<>();
        r.grid().forEach(a -> grid.put(a.name(), a.values()));
        return Sweep.of(grid, fixed(Strategies.spec(setup.strategy()), setup.base()), r.constraint(), r.top()).metric(r.metric());
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
}

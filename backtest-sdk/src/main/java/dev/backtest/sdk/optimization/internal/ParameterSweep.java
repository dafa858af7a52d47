package dev.backtest.sdk.optimization.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Sweep;
import dev.backtest.engine.SweepResult;
import dev.backtest.engine.strategies.ParamSpec;
import dev.backtest.engine.strategies.StrategySpec;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.optimization.OptimizeRequest;
import dev.backtest.sdk.optimization.OptimizeResult;
import dev.backtest.sdk.persistence.internal.StoredJson;
import dev.backtest.sdk.run.internal.RunSnapshot;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stored backtest's parameter sweeps, shared by the synchronous {@code OptimizationService.optimize} and the
 * distributed sweeps whose chunks run on the run queue's workers. The sweep itself (grid order, constraint, the combinations the
 * strategy rejects, evaluation on all cores, the ranking that lets per-chunk top-N lists merge into exactly the
 * synchronous top-N) is the engine's {@link Sweep}; here are the backtest's setup, the strategy's own checks, the
 * chunks and the stored JSON.
 */
final class ParameterSweep {

    /** A distributed sweep is cut into about this many chunks ... */
    static final int TARGET_CHUNKS = 16;
    /** ... of at most this many combinations each. */
    static final int MAX_CHUNK_COMBINATIONS = 500;

    /** Best first: metric descending with NaN last, then the position in the sweep's order (the engine's ranking). */
    static final Comparator<Ranked> ORDER = Sweep.ranking(Ranked::metric, Ranked::combination);

    private ParameterSweep() {
    }

    /**
     * A validated sweep and its combinations in grid order (full parameters) that pass the constraint and the strategy's
     * own rules.
     */
    record Plan(RunSnapshot setup, Sweep sweep, List<Map<String, Object>> combinations) {
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
     * Validates the request against the strategy and expands the grid.
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} for a bad grid, constraint or top;
     *         {@link ErrorCode#GRID_TOO_LARGE} above {@code maxGrid} combinations (with {@code grid_size} and
     *         {@code limit}); {@link ErrorCode#INVALID_RUN_OPTIONS} for an unknown metric
     */
    static Plan plan(RunSnapshot setup, StrategySpec spec, OptimizeRequest request, long maxGrid) {
        OptimizeRequest req = request == null ? new OptimizeRequest(null, null, null, null) : request;
        Set<String> names = new LinkedHashSet<>(spec.params().stream().map(ParamSpec::name).toList());
        FieldErrors errors = new FieldErrors();
        Map<String, List<Object>> grid = req.grid() == null ? Map.of() : req.grid();
        for (String name : grid.keySet()) {
            if (!names.contains(name)) {
                errors.add("grid." + name, "is not a parameter of " + setup.strategy() + "; accepted: " + names);
            }
        }
        int top = req.top() == null ? Sweep.DEFAULT_TOP : req.top();
        Sweep sweep = errors.collect(() -> Sweep.of(grid, fixed(spec, setup.parameters()), req.constraint(), top));
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
    static List<Ranked> evaluate(RunSnapshot setup, StrategySpec spec, Sweep sweep, CandleSeries series, List<Map<String, Object>> combinations, int first) {
        List<Ranked> out = new ArrayList<>();
        for (SweepResult.Entry e : sweep.evaluate(series, spec::create, setup.engine(), combinations, first)) {
            out.add(new Ranked(e.combination(), e.metric(), spec.validate(e.params()), StoredJson.tree(e.stats())));
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
        return StoredJson.write(new StoredRequest(s.axes(), s.constraintText(), s.metric(), s.top()));
    }

    /** The sweep a stored request and setup describe, for a chunk to run its part of it. */
    static Sweep sweep(Optimization o, RunSnapshot setup, StrategySpec spec) {
        StoredRequest r = StoredJson.read(o.getRequestJson(), new TypeReference<StoredRequest>() { });
        Map<String, List<Object>> grid = new LinkedHashMap<>();
        r.grid().forEach(a -> grid.put(a.name(), a.values()));
        return Sweep.of(grid, fixed(spec, setup.parameters()), r.constraint(), r.top()).metric(r.metric());
    }

    static String combinationsJson(List<Map<String, Object>> combinations) {
        return StoredJson.write(combinations);
    }

    static List<Map<String, Object>> readCombinations(String json) {
        return StoredJson.read(json, new TypeReference<List<Map<String, Object>>>() { });
    }

    private record StoredEntry(int combination, String metric, Map<String, Object> parameters, JsonNode stats) {
    }

    private record StoredChunk(int evaluated, List<StoredEntry> top) {
    }

    /** A chunk's result; the metric is written with {@link Double#toString} so that NaN, infinities and -0.0 rank as they did. */
    static String chunkResultJson(ChunkResult result) {
        return StoredJson.write(new StoredChunk(result.evaluated(), result.top().stream()
                .map(r -> new StoredEntry(r.combination(), Double.toString(r.metric()), r.parameters(), r.stats())).toList()));
    }

    static ChunkResult readChunkResult(String json) {
        StoredChunk c = StoredJson.read(json, new TypeReference<StoredChunk>() { });
        return new ChunkResult(c.evaluated(), c.top().stream()
                .map(e -> new Ranked(e.combination(), Double.parseDouble(e.metric()), e.parameters(), e.stats())).toList());
    }

    static String resultJson(OptimizeResult result) {
        return StoredJson.write(result);
    }

    static OptimizeResult readResult(String json) {
        return StoredJson.read(json, new TypeReference<OptimizeResult>() { });
    }
}

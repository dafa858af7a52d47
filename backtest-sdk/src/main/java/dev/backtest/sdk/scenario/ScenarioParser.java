package dev.backtest.sdk.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backtest.engine.Stats;
import dev.backtest.engine.Sweep;
import dev.backtest.engine.Timeframe;
import dev.backtest.engine.portfolio.Portfolio;
import dev.backtest.engine.portfolio.PortfolioStats;
import dev.backtest.engine.portfolio.Schedule;
import dev.backtest.engine.strategies.ParamSpec;
import dev.backtest.engine.strategies.Strategies;
import dev.backtest.engine.strategies.StrategySpec;
import dev.backtest.error.BacktestException;
import dev.backtest.error.FieldError;
import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.json.BacktestJson;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a scenario's JSON tree by hand rather than binding it, so that every problem is reported at once under its JSON
 * path ({@code $.strategy.params.fast}), unknown properties included. The property names and ranges here are the ones of
 * {@code scenario.schema.json}; ScenarioSchemaTest checks that the two agree.
 */
final class ScenarioParser {

    private static final ObjectMapper JSON = BacktestJson.newMapper();
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9][A-Z0-9._-]{0,31}");
    /** The most combinations a scenario's grid may hold (a sweep runs in this process). */
    static final long MAX_GRID = 10_000;

    static final Set<String> ROOT = Set.of("$schema", "name", "data", "strategy", "portfolio", "options", "grid", "walk_forward");
    static final Set<String> DATA = Set.of("source", "symbols", "timeframe", "start", "end", "files");
    static final Set<String> STRATEGY = Set.of("key", "params");
    static final Set<String> PORTFOLIO = Set.of("weighting", "weights", "lookback", "rebalance", "max_weight", "threshold", "benchmark");
    static final Set<String> OPTIONS = Set.of("cash", "commission", "fixed_commission", "spread", "slippage_bps", "trade_on_close",
            "exclusive_orders", "finalize_trades", "fractional_units", "risk_free_rate");
    static final Set<String> PORTFOLIO_OPTIONS = Set.of("cash", "commission", "fractional_units");
    static final Set<String> GRID = Set.of("params", "constraint", "metric", "top");
    static final Set<String> WALK_FORWARD = Set.of("train_bars", "test_bars", "step", "mode");
    static final List<String> WEIGHTINGS = List.of("equal", "fixed", "inverse_volatility");

    private final FieldErrors errors = new FieldErrors();

    private ScenarioParser() {
    }

    /**
     * The scenario in {@code json}; CSV paths are relative to {@code baseDir}.
     *
     * @throws BacktestException VALIDATION_FAILED listing every problem, each field a JSON path
     */
    static Scenario parse(String json, Path baseDir) {
        JsonNode root;
        try {
            root = JSON.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            throw FieldErrors.single("$", "is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        }
        return new ScenarioParser().scenario(root, baseDir);
    }

    private Scenario scenario(JsonNode root, Path baseDir) {
        if (root == null || !root.isObject()) {
            throw FieldErrors.single("$", "must be a JSON object");
        }
        known(root, "$", ROOT);
        String name = text(root, "$", "name", false);
        Scenario.Data data = object(root, "$", "data", true) ? data(root.get("data"), "$.data") : null;
        boolean hasStrategy = root.hasNonNull("strategy");
        boolean hasPortfolio = root.hasNonNull("portfolio");
        if (hasStrategy == hasPortfolio) {
            errors.add("$", hasStrategy ? "give either strategy or portfolio, not both" : "needs a strategy or a portfolio");
        }
        StrategySpec spec = null;
        Scenario.StrategyRef strategy = null;
        if (hasStrategy && object(root, "$", "strategy", true)) {
            JsonNode s = root.get("strategy");
            known(s, "$.strategy", STRATEGY);
            String key = text(s, "$.strategy", "key", true);
            if (key != null) {
                spec = Strategies.find(key).orElse(null);
                if (spec == null) {
                    errors.add("$.strategy.key", "'" + key + "' is not a built-in strategy; accepted: " + String.join(", ", Strategies.keys()));
                }
            }
            Map<String, Object> raw = object(s, "$.strategy", "params", false) ? values(s.get("params")) : Map.of();
            if (spec != null) {
                strategy = new Scenario.StrategyRef(spec.key(), spec.validate(raw, errors, "$.strategy.params"));
            }
            if (data != null && data.symbolList().size() != 1) {
                errors.add(data.source().equals(Scenarios.SOURCE_CSV) ? "$.data.files" : "$.data.symbols",
                        "a strategy scenario runs on exactly one symbol; got " + data.symbolList().size());
            }
        }
        Scenario.PortfolioSpec portfolio = null;
        if (hasPortfolio && object(root, "$", "portfolio", true)) {
            portfolio = portfolio(root.get("portfolio"), data);
        }
        Scenario.Options options = object(root, "$", "options", false) ? options(root.get("options"), hasPortfolio && !hasStrategy)
                : new Scenario.Options(null, null, null, null, null, null, null, null, null, null);
        Scenario.Grid grid = object(root, "$", "grid", false) ? grid(root.get("grid"), spec, hasPortfolio && !hasStrategy) : null;
        Scenario.WalkForward walkForward = object(root, "$", "walk_forward", false) ? walkForward(root.get("walk_forward")) : null;
        if (walkForward != null && !root.has("grid")) {
            errors.add("$.walk_forward", "needs a grid: the sweep that picks the parameters on each training window");
        }
        if (walkForward != null && hasPortfolio && !hasStrategy) {
            // the engine's WalkForward runs one strategy on one series; it has no portfolio form
            errors.add("$.walk_forward", "is for strategy scenarios only: the engine has no portfolio walk-forward");
        }
        errors.throwIfAny();
        return new Scenario(name, data, strategy, portfolio, options, grid, walkForward, baseDir);
    }

    private Scenario.Data data(JsonNode d, String path) {
        known(d, path, DATA);
        String source = text(d, path, "source", true);
        if (source == null) {
            return null;
        }
        if (source.equals(Scenarios.SOURCE_STORE)) {
            for (String other : List.of("files")) {
                if (d.has(other)) {
                    errors.add(path + "." + other, "is read with source csv only");
                }
            }
            List<String> symbols = new ArrayList<>();
            if (array(d, path, "symbols", true)) {
                JsonNode a = d.get("symbols");
                if (a.isEmpty()) {
                    errors.add(path + ".symbols", "must hold at least one symbol");
                }
                for (int i = 0; i < a.size(); i++) {
                    String at = path + ".symbols[" + i + "]";
                    if (!a.get(i).isTextual() || !SYMBOL.matcher(a.get(i).asText()).matches()) {
                        errors.add(at, "must be a symbol (upper case letters, digits, '.', '_', '-'); got " + shown(a.get(i)));
                    } else if (symbols.contains(a.get(i).asText())) {
                        errors.add(at, "repeats " + a.get(i).asText());
                    } else {
                        symbols.add(a.get(i).asText());
                    }
                }
            }
            String timeframe = text(d, path, "timeframe", true);
            if (timeframe != null) {
                errors.check(path + ".timeframe", () -> Timeframe.parse(timeframe));
            }
            LocalDate start = date(d, path, "start");
            LocalDate end = date(d, path, "end");
            if (start != null && end != null && end.isBefore(start)) {
                errors.add(path + ".end", "must not be before start (" + start + "); got " + end);
            }
            return new Scenario.Data(source, List.copyOf(symbols), timeframe, start, end, Map.of());
        }
        if (source.equals(Scenarios.SOURCE_CSV)) {
            for (String other : List.of("symbols", "timeframe", "start", "end")) {
                if (d.has(other)) {
                    errors.add(path + "." + other, "is read with source store only (a CSV file is used as it is)");
                }
            }
            Map<String, String> files = new LinkedHashMap<>();
            if (object(d, path, "files", true)) {
                JsonNode f = d.get("files");
                if (f.isEmpty()) {
                    errors.add(path + ".files", "must map at least one symbol to a CSV file");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = f.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String at = member(path + ".files", e.getKey());
                    if (!SYMBOL.matcher(e.getKey()).matches()) {
                        errors.add(at, "is not a symbol (upper case letters, digits, '.', '_', '-')");
                    } else if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
                        errors.add(at, "must be the path of a CSV file; got " + shown(e.getValue()));
                    } else {
                        files.put(e.getKey(), e.getValue().asText());
                    }
                }
            }
            return new Scenario.Data(source, List.of(), null, null, null, files);
        }
        errors.add(path + ".source", "must be store or csv; got '" + source + "'");
        return null;
    }

    private Scenario.PortfolioSpec portfolio(JsonNode p, Scenario.Data data) {
        String path = "$.portfolio";
        known(p, path, PORTFOLIO);
        List<String> symbols = data == null ? null : data.symbolList();
        String weighting = text(p, path, "weighting", true);
        if (weighting != null && !WEIGHTINGS.contains(weighting)) {
            errors.add(path + ".weighting", "must be one of " + String.join(", ", WEIGHTINGS) + "; got '" + weighting + "'");
        }
        Map<String, Double> weights = null;
        if (object(p, path, "weights", false)) {
            weights = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = p.get("weights").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = member(path + ".weights", e.getKey());
                if (symbols != null && !symbols.contains(e.getKey())) {
                    errors.add(at, "is not a symbol of $.data; symbols: " + symbols);
                } else if (!e.getValue().isNumber() || e.getValue().asDouble() < 0 || e.getValue().asDouble() > 1) {
                    errors.add(at, "must be a number from 0 to 1; got " + shown(e.getValue()));
                } else {
                    weights.put(e.getKey(), e.getValue().asDouble());
                }
            }
        }
        if ("fixed".equals(weighting) && weights == null) {
            errors.add(path + ".weights", "is required with weighting fixed");
        } else if (weights != null && weighting != null && !"fixed".equals(weighting)) {
            errors.add(path + ".weights", "is read with weighting fixed only; got weighting " + weighting);
        }
        Integer lookback = integer(p, path, "lookback", 2, 100_000, false);
        if ("inverse_volatility".equals(weighting) && lookback == null && !p.has("lookback")) {
            errors.add(path + ".lookback", "is required with weighting inverse_volatility");
        } else if (lookback != null && weighting != null && !"inverse_volatility".equals(weighting)) {
            errors.add(path + ".lookback", "is read with weighting inverse_volatility only; got weighting " + weighting);
        }
        String rebalance = text(p, path, "rebalance", true);
        if (rebalance != null) {
            errors.check(path + ".rebalance", () -> Schedule.parse(rebalance));
        }
        Double maxWeight = number(p, path, "max_weight", false);
        if (maxWeight != null && !(maxWeight > 0 && maxWeight <= 1)) {
            errors.add(path + ".max_weight", "must be in (0, 1]; got " + maxWeight);
        }
        Double threshold = number(p, path, "threshold", false);
        if (threshold != null && !(threshold > 0 && threshold < 1)) {
            errors.add(path + ".threshold", "must be in (0, 1); got " + threshold);
        }
        String benchmark = text(p, path, "benchmark", false);
        if (benchmark != null && symbols != null && !symbols.contains(benchmark)) {
            errors.add(path + ".benchmark", "is not a symbol of $.data; symbols: " + symbols);
        }
        return new Scenario.PortfolioSpec(weighting, weights, lookback, rebalance, maxWeight, threshold, benchmark);
    }

    private Scenario.Options options(JsonNode o, boolean portfolio) {
        String path = "$.options";
        known(o, path, OPTIONS);
        if (portfolio) {
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
                String n = it.next();
                if (OPTIONS.contains(n) && !PORTFOLIO_OPTIONS.contains(n)) {
                    errors.add(path + "." + n, "is read by strategy scenarios only; a portfolio reads " + sorted(PORTFOLIO_OPTIONS));
                }
            }
        }
        Scenario.Options options = new Scenario.Options(number(o, path, "cash", false), number(o, path, "commission", false),
                number(o, path, "fixed_commission", false), number(o, path, "spread", false), number(o, path, "slippage_bps", false),
                bool(o, path, "trade_on_close"), bool(o, path, "exclusive_orders"), bool(o, path, "finalize_trades"),
                bool(o, path, "fractional_units"), number(o, path, "risk_free_rate", false));
        try {
            options.runOptions(); // the engine's own ranges, reported under the option's path
        } catch (BacktestException e) {
            String message = e.getMessage();
            String field = message.contains(" ") ? message.substring(0, message.indexOf(' ')) : "";
            errors.add(OPTIONS.contains(field) ? path + "." + field : path, message);
        }
        return options;
    }

    private Scenario.Grid grid(JsonNode g, StrategySpec spec, boolean portfolio) {
        String path = "$.grid";
        known(g, path, GRID);
        Map<String, List<Object>> params = new LinkedHashMap<>();
        if (object(g, path, "params", true)) {
            JsonNode p = g.get("params");
            if (p.isEmpty()) {
                errors.add(path + ".params", "must map at least one parameter to a list of values");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = member(path + ".params", e.getKey());
                if (!e.getValue().isArray() || e.getValue().isEmpty()) {
                    errors.add(at, "must be a non-empty array of values");
                    continue;
                }
                ParamSpec ps = spec == null ? null : spec.params().stream().filter(x -> x.name().equals(e.getKey())).findFirst().orElse(null);
                if (spec != null && ps == null) {
                    errors.add(at, "is not a parameter of " + spec.key() + "; accepted: "
                            + String.join(", ", spec.params().stream().map(ParamSpec::name).toList()));
                    continue;
                }
                if (portfolio && !Portfolio.PARAMETERS.contains(e.getKey())) {
                    errors.add(at, "is not a portfolio parameter; accepted: " + String.join(", ", Portfolio.PARAMETERS));
                    continue;
                }
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < e.getValue().size(); i++) {
                    Object raw = plain(e.getValue().get(i));
                    String itemPath = at + "[" + i + "]";
                    Object v = ps == null ? raw : ps.normalise(raw, message -> errors.add(itemPath, message));
                    values.add(v);
                }
                params.put(e.getKey(), values);
            }
        }
        String constraint = text(g, path, "constraint", false);
        String metric = text(g, path, "metric", false);
        if (metric == null) {
            metric = Sweep.DEFAULT_METRIC;
        } else {
            String m = metric;
            errors.check(path + ".metric", () -> portfolio ? PortfolioStats.requireMetric(m) : Stats.requireMetric(m));
        }
        Integer top = integer(g, path, "top", 1, Sweep.MAX_TOP, false);
        Scenario.Grid grid = new Scenario.Grid(params, constraint, metric, top == null ? Sweep.DEFAULT_TOP : top);
        if (!params.isEmpty()) {
            try {
                Sweep sweep = Sweep.of(params, Map.of(), constraint, grid.top());
                sweep.requireSizeAtMost(MAX_GRID, "the largest grid of a scenario");
            } catch (BacktestException e) {
                relocate(e, path, Map.of("grid", path + ".params", "constraint", path + ".constraint", "top", path + ".top"));
            }
        }
        return grid;
    }

    private Scenario.WalkForward walkForward(JsonNode w) {
        String path = "$.walk_forward";
        known(w, path, WALK_FORWARD);
        // the engine's limits (WalkForward.of): windows of at least 2 bars, test windows that do not overlap
        Integer train = integer(w, path, "train_bars", 2, Integer.MAX_VALUE, true);
        Integer test = integer(w, path, "test_bars", 2, Integer.MAX_VALUE, true);
        Integer step = integer(w, path, "step", 2, Integer.MAX_VALUE, false);
        if (step != null && test != null && step < test) {
            errors.add(path + ".step", "must be at least test_bars (" + test + ") so test windows do not overlap; got " + step);
        }
        String mode = text(w, path, "mode", false);
        if (mode != null && !mode.equals("rolling") && !mode.equals("anchored")) {
            errors.add(path + ".mode", "must be rolling or anchored; got '" + mode + "'");
        }
        return new Scenario.WalkForward(train == null ? 0 : train, test == null ? 0 : test,
                step == null ? (test == null ? 0 : test) : step, mode == null ? "rolling" : mode);
    }

    /** The engine's field errors ({@code grid.fast}) moved under the scenario's paths ({@code $.grid.params.fast}). */
    private void relocate(BacktestException e, String path, Map<String, String> fields) {
        if (!(e.details().get("errors") instanceof List<?> list) || list.isEmpty()) {
            errors.add(path, e.getMessage());
            return;
        }
        for (Object o : list) {
            if (o instanceof FieldError f) {
                String head = f.field().contains(".") ? f.field().substring(0, f.field().indexOf('.')) : f.field();
                String tail = f.field().contains(".") ? f.field().substring(f.field().indexOf('.')) : "";
                errors.add(fields.getOrDefault(head, path) + tail, f.message());
            }
        }
    }

    // --- typed reads: each records a problem under its path and returns null ---

    private void known(JsonNode node, String path, Set<String> names) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String n = it.next();
            if (!names.contains(n)) {
                errors.add(member(path, n), "is not a property of " + path + "; accepted: " + sorted(names));
            }
        }
    }

    private boolean object(JsonNode parent, String path, String name, boolean required) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            if (required) {
                errors.add(path + "." + name, "is required");
            }
            return false;
        }
        if (!n.isObject()) {
            errors.add(path + "." + name, "must be an object; got " + shown(n));
            return false;
        }
        return true;
    }

    private boolean array(JsonNode parent, String path, String name, boolean required) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            if (required) {
                errors.add(path + "." + name, "is required");
            }
            return false;
        }
        if (!n.isArray()) {
            errors.add(path + "." + name, "must be an array; got " + shown(n));
            return false;
        }
        return true;
    }

    private String text(JsonNode parent, String path, String name, boolean required) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            if (required) {
                errors.add(path + "." + name, "is required");
            }
            return null;
        }
        if (!n.isTextual() || n.asText().isBlank()) {
            errors.add(path + "." + name, "must be a non-empty string; got " + shown(n));
            return null;
        }
        return n.asText();
    }

    private Double number(JsonNode parent, String path, String name, boolean required) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            if (required) {
                errors.add(path + "." + name, "is required");
            }
            return null;
        }
        if (!n.isNumber()) {
            errors.add(path + "." + name, "must be a number; got " + shown(n));
            return null;
        }
        return n.asDouble();
    }

    private Integer integer(JsonNode parent, String path, String name, int min, int max, boolean required) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            if (required) {
                errors.add(path + "." + name, "is required");
            }
            return null;
        }
        if (!n.isNumber() || n.asDouble() != Math.rint(n.asDouble()) || n.asDouble() < min || n.asDouble() > max) {
            errors.add(path + "." + name, "must be an integer >= " + min + (max == Integer.MAX_VALUE ? "" : " and <= " + max) + "; got " + shown(n));
            return null;
        }
        return n.asInt();
    }

    private Boolean bool(JsonNode parent, String path, String name) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isBoolean()) {
            errors.add(path + "." + name, "must be true or false; got " + shown(n));
            return null;
        }
        return n.asBoolean();
    }

    private LocalDate date(JsonNode parent, String path, String name) {
        String t = text(parent, path, name, true);
        if (t == null) {
            return null;
        }
        try {
            return LocalDate.parse(t);
        } catch (DateTimeParseException e) {
            errors.add(path + "." + name, "must be a date as YYYY-MM-DD; got '" + t + "'");
            return null;
        }
    }

    /** An object's members as plain Java values (numbers, strings, booleans) for a strategy's parameter schema. */
    private static Map<String, Object> values(JsonNode object) {
        Map<String, Object> out = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> out.put(e.getKey(), plain(e.getValue())));
        return out;
    }

    private static Object plain(JsonNode n) {
        if (n.isIntegralNumber() && n.canConvertToInt()) {
            return n.asInt();
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isTextual()) {
            return n.asText();
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        return n.toString();
    }

    /** {@code $.a.b} for an identifier, {@code $.a['b c']} otherwise. */
    static String member(String path, String name) {
        return IDENTIFIER.matcher(name).matches() ? path + "." + name : path + "['" + name.replace("'", "\\'") + "']";
    }

    private static String shown(JsonNode n) {
        String s = n.toString();
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static String sorted(Set<String> names) {
        return String.join(", ", new java.util.TreeSet<>(names));
    }

}

package dev.backtest.engine.strategies;

import dev.backtest.engine.Strategy;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldErrors;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A built-in strategy: its key, description, parameter schema, and how to build an instance from validated
 * parameters.
 *
 * <pre>{@code
 * StrategySpec spec = Strategies.spec("sma_cross");
 * Map<String, Object> p = spec.validate(Map.of("fast", 5, "slow", 20));   // defaults filled in
 * Strategy s = spec.create(p);
 * }</pre>
 */
public record StrategySpec(String key, String description, List<ParamSpec> params,
                           Function<Map<String, Object>, String> constraint,
                           Function<Map<String, Object>, Strategy> factory) {

    /** Every parameter's default value, in the schema's order. */
    public Map<String, Object> defaults() {
        Map<String, Object> out = new LinkedHashMap<>();
        params.forEach(p -> out.put(p.name(), p.defaultValue()));
        return out;
    }

    /**
     * Unknown names, wrong types and out-of-range values are rejected; missing ones take their default.
     *
     * @throws BacktestException {@link ErrorCode#INVALID_STRATEGY_PARAMETER} saying what is wrong with each
     */
    public Map<String, Object> validate(Map<String, ?> given) {
        FieldErrors errors = new FieldErrors();
        Map<String, Object> out = validate(given, errors, "parameters");
        if (!errors.isEmpty()) {
            throw BacktestException.of(ErrorCode.INVALID_STRATEGY_PARAMETER, "strategy '" + key + "': " + errors.describe())
                    .with("errors", errors.list());
        }
        return out;
    }

    /**
     * Like {@link #validate(Map)}, but records each problem in {@code errors} under {@code prefix.<name>} (a
     * cross-parameter rule under its {@link #constraintField()}) and returns the parameters that are valid with their
     * defaults: the one implementation of the schema, for the engine and for requests.
     */
    public Map<String, Object> validate(Map<String, ?> given, FieldErrors errors, String prefix) {
        Map<String, ?> in = given == null ? Map.of() : given;
        for (String name : new TreeSet<>(in.keySet())) {
            if (params.stream().noneMatch(p -> p.name().equals(name))) {
                errors.add(prefix + "." + name, "is not a parameter of " + key + "; accepted: "
                        + (params.isEmpty() ? "none" : String.join(", ", params.stream().map(ParamSpec::name).toList())));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        boolean valid = true;
        for (ParamSpec p : params) {
            Object raw = in.get(p.name());
            if (raw == null) {
                out.put(p.name(), p.defaultValue());
                continue;
            }
            Object v = p.normalise(raw, message -> errors.add(prefix + "." + p.name(), message));
            if (v == null) {
                valid = false;
            } else {
                out.put(p.name(), v);
            }
        }
        if (valid) {
            String violation = constraint.apply(out);
            if (violation != null) {
                errors.add(prefix + "." + constraintField(), violation);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * The parameter a cross-parameter rule is reported on: the lower of two ordered ones ({@code fast} below
     * {@code slow}, {@code lower} below {@code upper}), else the first.
     */
    public String constraintField() {
        List<String> names = params.stream().map(ParamSpec::name).toList();
        return names.contains("fast") ? "fast" : names.contains("lower") ? "lower" : names.isEmpty() ? "parameters" : names.get(0);
    }

    /** A new instance with {@code params} validated first. */
    public Strategy create(Map<String, ?> params) {
        return factory.apply(validate(params));
    }
}

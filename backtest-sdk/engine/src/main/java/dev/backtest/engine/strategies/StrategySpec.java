package dev.backtest.engine.strategies;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.engine.Strategy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** Unknown names, wrong types and out-of-range values are rejected; missing ones take their default. */
    public Map<String, Object> validate(Map<String, ?> given) {
        for (String name : given.keySet()) {
            if (params.stream().noneMatch(p -> p.name().equals(name))) {
                throw BacktestException.of(ErrorCode.INVALID_STRATEGY_PARAMETER, "strategy '" + key + "' has no parameter '"
                        + name + "'; accepted: " + params.stream().map(ParamSpec::name).toList()).with("parameter", name);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (ParamSpec p : params) {
            out.put(p.name(), given.containsKey(p.name()) ? p.coerce(given.get(p.name())) : p.defaultValue());
        }
        String violation = constraint.apply(out);
        if (violation != null) {
            throw BacktestException.of(ErrorCode.INVALID_STRATEGY_PARAMETER, "strategy '" + key + "': " + violation);
        }
        return out;
    }

    /** A new instance with {@code params} validated first. */
    public Strategy create(Map<String, ?> params) {
        return factory.apply(validate(params));
    }
}

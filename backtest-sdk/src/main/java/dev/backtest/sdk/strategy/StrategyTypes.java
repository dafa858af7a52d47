package dev.backtest.sdk.strategy;

import dev.backtest.error.FieldErrors;
import dev.backtest.engine.strategies.ParamSpec;
import dev.backtest.engine.strategies.StrategySpec;
import dev.backtest.engine.strategies.Strategies;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalogue of built-in strategy types, keyed by the type key stored with a strategy. The
 * engine looks up its implementation by the same key.
 *
 * <pre>{@code
 * StrategyTypes.keys();                       // [sma_cross, ema_cross, macd_cross, ...]
 * StrategyTypes.find("rsi_reversion").get().parameters();
 * }</pre>
 */
public final class StrategyTypes {

    private static final Map<String, StrategyType> ALL = catalogue();

    private StrategyTypes() {
    }

    /**
     * The engine's built-in strategies are the single source of truth: the same names, defaults, ranges
     * and cross-parameter rule, so a strategy saved through this API is one the engine runs.
     */
    private static Map<String, StrategyType> catalogue() {
        Map<String, StrategyType> m = new LinkedHashMap<>();
        for (StrategySpec spec : Strategies.specs()) {
            List<ParameterSpec> params = spec.params().stream().map(StrategyTypes::parameter).toList();
            List<StrategyType.Rule> rules = params.isEmpty() ? List.of()
                    : List.of(new StrategyType.Rule(ruleField(spec), p -> spec.constraint().apply(p)));
            m.put(spec.key(), new StrategyType(spec.key(), spec.description(), params, rules));
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    private static ParameterSpec parameter(ParamSpec p) {
        return switch (p.type()) {
            case INTEGER -> ParameterSpec.integer(p.name(), ((Number) p.defaultValue()).intValue(), (int) p.min(), (int) p.max());
            case NUMBER -> ParameterSpec.decimal(p.name(), ((Number) p.defaultValue()).doubleValue(), p.min(), p.max());
            case CHOICE -> ParameterSpec.choice(p.name(), (String) p.defaultValue(), p.choices());
        };
    }

    /**
     * The field a rule violation is reported on: the lower bound of the two ordered parameters
     * ({@code fast} below {@code slow}, {@code lower} below {@code upper}), else the first parameter.
     */
    private static String ruleField(StrategySpec spec) {
        List<String> names = spec.params().stream().map(ParamSpec::name).toList();
        return names.contains("fast") ? "fast" : names.contains("lower") ? "lower" : names.get(0);
    }

    /** Every type key, in catalogue order. */
    public static List<String> keys() {
        return List.copyOf(ALL.keySet());
    }

    /** Every type, in catalogue order. */
    public static List<StrategyType> all() {
        return List.copyOf(ALL.values());
    }

    public static Optional<StrategyType> find(String key) {
        return Optional.ofNullable(key == null ? null : ALL.get(key));
    }

    /** The type of {@code key}; unknown keys fail with {@code VALIDATION_FAILED} on field {@code type}. */
    public static StrategyType require(String key) {
        return find(key).orElseThrow(() -> FieldErrors.single("type", unknown(key)));
    }

    static String unknown(String key) {
        return "must be one of " + String.join(", ", ALL.keySet()) + "; got '" + key + "'";
    }
}

package dev.backtest.sdk.strategy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A built-in strategy type: its key (as stored and sent over HTTP), its parameter schema and the
 * cross-parameter rules (such as {@code fast < slow}). The engine attaches implementations to
 * these keys; this class only describes and validates.
 *
 * <pre>{@code
 * StrategyType sma = StrategyTypes.require("sma_cross");
 * Map<String, Object> filled = sma.validate(Map.of("fast", 5)); // {fast=5, slow=30, direction=long_short}
 * }</pre>
 */
public record StrategyType(String key, String description, List<ParameterSpec> parameters, List<Rule> rules) {

    /** A rule over the normalised parameters: returns an error message, or null when it holds. */
    public record Rule(String field, Function<Map<String, Object>, String> check) {
    }

    public StrategyType {
        Objects.requireNonNull(key, "key");
        parameters = List.copyOf(parameters);
        rules = List.copyOf(rules);
    }

    /** The parameter named {@code name}, if this type has it. */
    public java.util.Optional<ParameterSpec> parameter(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /**
     * Checks {@code given} against the schema and fills defaults; throws
     * {@link dev.backtest.error.ErrorCode#VALIDATION_FAILED} with one entry per bad parameter
     * (field {@code parameters.<name>}).
     */
    public Map<String, Object> validate(Map<String, Object> given) {
        dev.backtest.error.FieldErrors errors = new dev.backtest.error.FieldErrors();
        Map<String, Object> result = validate(given, errors, "parameters");
        errors.throwIfAny();
        return result;
    }

    /** Like {@link #validate(Map)} but records errors in {@code errors} under {@code prefix.<name>}. */
    public Map<String, Object> validate(Map<String, Object> given, dev.backtest.error.FieldErrors errors, String prefix) {
        Map<String, Object> in = given == null ? Map.of() : given;
        java.util.LinkedHashMap<String, Object> out = new java.util.LinkedHashMap<>();
        for (String name : new java.util.TreeSet<>(in.keySet())) {
            if (parameter(name).isEmpty()) {
                errors.add(prefix + "." + name, "is not a parameter of " + key + "; accepted: "
                        + (parameters.isEmpty() ? "none" : String.join(", ", parameters.stream().map(ParameterSpec::name).toList())));
            }
        }
        boolean ok = true;
        for (ParameterSpec p : parameters) {
            Object raw = in.get(p.name());
            if (raw == null) {
                out.put(p.name(), p.defaultValue());
                continue;
            }
            String field = prefix + "." + p.name();
            Object v = p.normalise(raw, message -> errors.add(field, message));
            if (v == null) {
                ok = false;
            } else {
                out.put(p.name(), v);
            }
        }
        if (ok) {
            for (Rule r : rules) {
                String message = r.check().apply(out);
                if (message != null) {
                    errors.add(prefix + "." + r.field(), message);
                }
            }
        }
        return java.util.Collections.unmodifiableMap(out);
    }
}

package dev.backtest.engine.strategies;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.util.List;

/**
 * One parameter of a built-in strategy: name, type, default and accepted range (inclusive) or choices.
 *
 * <pre>{@code
 * ParamSpec fast = ParamSpec.integer("fast", 10, 1, 1000, "fast moving-average period");
 * int v = (int) fast.coerce(12);
 * }</pre>
 */
public record ParamSpec(String name, Type type, Object defaultValue, double min, double max, List<String> choices,
                        String description) {

    /** Parameter types. */
    public enum Type { INTEGER, NUMBER, CHOICE }

    public static ParamSpec integer(String name, int def, int min, int max, String description) {
        return new ParamSpec(name, Type.INTEGER, def, min, max, List.of(), description);
    }

    public static ParamSpec number(String name, double def, double min, double max, String description) {
        return new ParamSpec(name, Type.NUMBER, def, min, max, List.of(), description);
    }

    public static ParamSpec choice(String name, String def, List<String> choices, String description) {
        return new ParamSpec(name, Type.CHOICE, def, Double.NaN, Double.NaN, List.copyOf(choices), description);
    }

    /** Checks and converts a user value: an Integer for INTEGER, a Double for NUMBER, a String for CHOICE. */
    public Object coerce(Object value) {
        switch (type) {
            case INTEGER -> {
                if (!(value instanceof Number num) || num.doubleValue() != Math.rint(num.doubleValue())) {
                    throw invalid("must be an integer", value);
                }
                checkRange(num.doubleValue(), value);
                return num.intValue();
            }
            case NUMBER -> {
                if (!(value instanceof Number num) || Double.isNaN(num.doubleValue())) {
                    throw invalid("must be a number", value);
                }
                checkRange(num.doubleValue(), value);
                return num.doubleValue();
            }
            default -> {
                if (!(value instanceof String s) || !choices.contains(s)) {
                    throw invalid("must be one of " + choices, value);
                }
                return s;
            }
        }
    }

    private void checkRange(double v, Object value) {
        if (v < min || v > max) {
            throw invalid("must be in [" + fmt(min) + ", " + fmt(max) + "]", value);
        }
    }

    private String fmt(double v) {
        return type == Type.INTEGER ? String.valueOf((long) v) : String.valueOf(v);
    }

    private BacktestException invalid(String what, Object value) {
        return BacktestException.of(ErrorCode.INVALID_STRATEGY_PARAMETER, "parameter '" + name + "' " + what + ", got " + value)
                .with("parameter", name);
    }
}

package dev.backtest.engine.strategies;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.util.List;
import java.util.function.Consumer;

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
    public enum Type { INTEGER, NUMBER, CHOICE, TEXT }

    public static ParamSpec integer(String name, int def, int min, int max, String description) {
        return new ParamSpec(name, Type.INTEGER, def, min, max, List.of(), description);
    }

    public static ParamSpec number(String name, double def, double min, double max, String description) {
        return new ParamSpec(name, Type.NUMBER, def, min, max, List.of(), description);
    }

    public static ParamSpec choice(String name, String def, List<String> choices, String description) {
        return new ParamSpec(name, Type.CHOICE, def, Double.NaN, Double.NaN, List.copyOf(choices), description);
    }

    /** A free-text parameter (an identifier such as a model id) of 1 to 200 characters, without a default. */
    public static ParamSpec text(String name, String description) {
        return new ParamSpec(name, Type.TEXT, null, 1, 200, List.of(), description);
    }

    /**
     * Checks and converts a user value: an Integer for INTEGER, a Double for NUMBER, a String for CHOICE and TEXT.
     *
     * @throws BacktestException {@link ErrorCode#INVALID_STRATEGY_PARAMETER} naming the parameter and what it accepts
     */
    public Object coerce(Object value) {
        String[] problem = new String[1];
        Object v = normalise(value, message -> problem[0] = message);
        if (problem[0] != null) {
            throw BacktestException.of(ErrorCode.INVALID_STRATEGY_PARAMETER, "parameter '" + name + "' " + problem[0])
                    .with("parameter", name);
        }
        return v;
    }

    /** The value converted to this parameter's type, or null after {@code error} was told what is wrong with it. */
    public Object normalise(Object raw, Consumer<String> error) {
        switch (type) {
            case INTEGER -> {
                if (!(raw instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() != Math.rint(n.doubleValue())
                        || n.doubleValue() < min || n.doubleValue() > max) {
                    error.accept("must be an integer from " + (long) min + " to " + (long) max + "; got " + raw);
                    return null;
                }
                return n.intValue();
            }
            case NUMBER -> {
                if (!(raw instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < min || n.doubleValue() > max) {
                    error.accept("must be a number from " + min + " to " + max + "; got " + raw);
                    return null;
                }
                return n.doubleValue();
            }
            case TEXT -> {
                if (!(raw instanceof String s) || s.isBlank() || s.length() > max) {
                    error.accept("must be a text of 1 to " + (long) max + " characters; got " + raw);
                    return null;
                }
                return s;
            }
            default -> {
                if (!(raw instanceof String s) || !choices.contains(s)) {
                    error.accept("must be one of " + String.join(", ", choices) + "; got " + raw);
                    return null;
                }
                return s;
            }
        }
    }
}

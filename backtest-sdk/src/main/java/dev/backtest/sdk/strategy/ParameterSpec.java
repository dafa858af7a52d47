package dev.backtest.sdk.strategy;

import java.util.List;
import java.util.Objects;

/**
 * One parameter of a strategy type: name, kind, default and accepted range or values.
 *
 * <pre>{@code
 * ParameterSpec fast = ParameterSpec.integer("fast", 10, 1, 500);
 * ParameterSpec dir = ParameterSpec.choice("direction", "long_short", List.of("long_short", "long_only"));
 * }</pre>
 */
public record ParameterSpec(String name, Kind kind, Object defaultValue, Double min, Double max, List<String> allowedValues) {

    /** What a parameter holds. */
    public enum Kind { INT, DOUBLE, ENUM }

    public ParameterSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        allowedValues = allowedValues == null ? List.of() : List.copyOf(allowedValues);
    }

    public static ParameterSpec integer(String name, int defaultValue, int min, int max) {
        return new ParameterSpec(name, Kind.INT, defaultValue, (double) min, (double) max, List.of());
    }

    public static ParameterSpec decimal(String name, double defaultValue, double min, double max) {
        return new ParameterSpec(name, Kind.DOUBLE, defaultValue, min, max, List.of());
    }

    public static ParameterSpec choice(String name, String defaultValue, List<String> allowed) {
        return new ParameterSpec(name, Kind.ENUM, defaultValue, null, null, allowed);
    }

    /** The value normalised to this parameter's kind, or an error message for it. */
    Object normalise(Object raw, java.util.function.Consumer<String> error) {
        switch (kind) {
            case INT -> {
                if (!(raw instanceof Number n) || !isWhole(n.doubleValue())) {
                    error.accept("must be an integer from " + (long) (double) min + " to " + (long) (double) max + "; got " + raw);
                    return null;
                }
                double d = ((Number) raw).doubleValue();
                if (d < min || d > max) {
                    error.accept("must be an integer from " + (long) (double) min + " to " + (long) (double) max + "; got " + raw);
                    return null;
                }
                return (int) d;
            }
            case DOUBLE -> {
                if (!(raw instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < min || n.doubleValue() > max) {
                    error.accept("must be a number from " + min + " to " + max + "; got " + raw);
                    return null;
                }
                return n.doubleValue();
            }
            case ENUM -> {
                if (!(raw instanceof String s) || !allowedValues.contains(s)) {
                    error.accept("must be one of " + String.join(", ", allowedValues) + "; got " + raw);
                    return null;
                }
                return s;
            }
            default -> throw new IllegalStateException(kind.toString());
        }
    }

    private static boolean isWhole(double d) {
        return Double.isFinite(d) && d == Math.rint(d);
    }
}

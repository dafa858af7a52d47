package dev.backtest.sdk.report;

import dev.backtest.engine.MetricSource;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How the report's statistics table shows a value, by the kind its name says: percentages ({@code *_pct}) with two
 * decimals and a percent sign, amounts of money grouped with two decimals, durations in days with one decimal, counts
 * as integers, ratios with two decimals; text (times) as it is, undefined values as {@link Display#UNDEFINED}.
 *
 * <pre>{@code
 * StatFormat.format("return_pct", 12.3456);      // "12.35 %"
 * StatFormat.format("equity_final", 21850.561);  // "21,850.56"
 * StatFormat.format("trades", 557.0);            // "557"
 * StatFormat.format("sharpe_ratio", 1.23456);    // "1.23"
 * }</pre>
 */
final class StatFormat {

    /** The kinds of statistic. */
    enum Kind { PERCENT, MONEY, DAYS, INTEGER, RATIO }

    private static final Set<String> MONEY = Set.of("equity_final", "equity_peak", "commissions", "final_value", "contributions");
    private static final Set<String> INTEGERS = Set.of("trades", "rebalances", "fills", "periods_per_year", "bars");

    private StatFormat() {
    }

    static Kind kindOf(String name) {
        if (name.endsWith("_pct")) {
            return Kind.PERCENT;
        }
        if (name.endsWith("_days")) {
            return Kind.DAYS;
        }
        if (MONEY.contains(name)) {
            return Kind.MONEY;
        }
        return INTEGERS.contains(name) ? Kind.INTEGER : Kind.RATIO;
    }

    /**
     * Statistics by name in {@code names} order, typed for the table: {@code start} and {@code end} as ISO-8601 text,
     * the {@code counts} as integers, every other one as {@code s.metric(name)} (NaN where undefined).
     */
    static Map<String, Object> typed(List<String> names, MetricSource s, long start, long end, Map<String, Integer> counts) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : names) {
            out.put(name, switch (name) {
                case "start" -> Instant.ofEpochSecond(start).toString();
                case "end" -> Instant.ofEpochSecond(end).toString();
                default -> counts.containsKey(name) ? counts.get(name) : (Object) s.metric(name);
            });
        }
        return out;
    }

    /** A statistic's value for reading: numbers by the kind of {@code name}, anything else as {@link Display#value}. */
    static String format(String name, Object value) {
        if (!(value instanceof Number n)) {
            return Display.value(value);
        }
        double v = n.doubleValue();
        if (!Double.isFinite(v)) {
            return Display.UNDEFINED;
        }
        return switch (kindOf(name)) {
            case PERCENT -> String.format(Locale.ROOT, "%,.2f %%", v);
            case MONEY, RATIO -> String.format(Locale.ROOT, "%,.2f", v);
            case DAYS -> String.format(Locale.ROOT, "%,.1f", v);
            case INTEGER -> v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%,d", (long) v)
                    : String.format(Locale.ROOT, "%,.2f", v);
        };
    }
}

package dev.backtest.sdk.report;

import dev.backtest.engine.Stats;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Numbers as people read them, in the HTML report and the command line's text output (JSON keeps full precision):
 * counts as integers ({@code 557}, not {@code 557.0000}), large amounts grouped with two decimals
 * ({@code 21,850.56}), other values to two decimals, values below one to four, undefined ones as a dash.
 *
 * <pre>{@code
 * Display.number(21850.5612);   // "21,850.56"
 * Display.number(-0.229446);    // "-0.2294"
 * Display.statistics(result.stats()).get("trades");   // "19"
 * }</pre>
 */
public final class Display {

    /** What an undefined value (null, NaN, an infinity) shows as. */
    public static final String UNDEFINED = "—";

    private Display() {
    }

    /** A number for reading: see the class comment. */
    public static String number(double v) {
        if (!Double.isFinite(v)) {
            return UNDEFINED;
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.2f", v);
        }
        return String.format(Locale.ROOT, a >= 1 ? "%.2f" : "%.4f", v);
    }

    /** Any value of a table: integers as integers, doubles by {@link #number(double)}, null as {@link #UNDEFINED}, text as it is. */
    public static String value(Object v) {
        if (v == null) {
            return UNDEFINED;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            return String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
        }
        if (v instanceof Number n) {
            return number(n.doubleValue());
        }
        return v.toString();
    }

    /** The statistics in the order of {@link Stats#NAMES}, ready to show: times ISO-8601, counts as integers. */
    public static Map<String, String> statistics(Stats s) {
        Map<String, String> out = new LinkedHashMap<>();
        StatFormat.typed(Stats.NAMES, s, s.start(), s.end(), Map.of("trades", s.trades(), "periods_per_year", s.periodsPerYear()))
                .forEach((name, v) -> out.put(name, value(v)));
        return out;
    }
}

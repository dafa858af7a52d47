package dev.backtest.sdk.cli;

import dev.backtest.error.FieldErrors;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of a repeatable {@code SYM=VALUE} option by symbol, in the order given. A pair without a symbol or a
 * value, or a symbol given twice, is recorded against the option's name and left out.
 *
 * <pre>{@code
 * FieldErrors errors = new FieldErrors();
 * Map<String, String> files = SymbolPairs.parse("--csv", "FILE", List.of("SPY=spy.csv", "AGG=agg.csv"), errors);
 * }</pre>
 */
final class SymbolPairs {

    private SymbolPairs() {
    }

    static Map<String, String> parse(String option, String valueName, List<String> pairs, FieldErrors errors) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            String symbol = eq < 0 ? "" : pair.substring(0, eq).strip();
            String value = eq < 0 ? "" : pair.substring(eq + 1).strip();
            if (symbol.isEmpty() || value.isEmpty()) {
                errors.add(option, "'" + shown(pair) + "' is not SYM=" + valueName);
            } else if (out.containsKey(symbol)) {
                errors.add(option + " " + symbol, "is given twice; give each symbol once");
            } else {
                out.put(symbol, value);
            }
        }
        return out;
    }

    private static String shown(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}

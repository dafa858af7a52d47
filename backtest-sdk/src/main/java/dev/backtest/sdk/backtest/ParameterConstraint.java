package dev.backtest.sdk.backtest;

import dev.backtest.sdk.FieldErrors;

import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A sweep constraint of the one accepted form, {@code a < b} or {@code a <= b} between two numeric parameters; never evaluated as code. */
final class ParameterConstraint {

    private static final Pattern FORM = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]{0,63})\\s*(<=|<)\\s*([A-Za-z_][A-Za-z0-9_]{0,63})\\s*");

    private ParameterConstraint() {
    }

    /** Always true for a null or blank constraint. */
    static Predicate<Map<String, Object>> parse(String text, Set<String> parameters) {
        if (text == null || text.isBlank()) {
            return p -> true;
        }
        Matcher m = FORM.matcher(text);
        if (text.length() > 200 || !m.matches()) {
            throw FieldErrors.single("constraint", "must be 'a < b' or 'a <= b' between two parameter names; got '"
                    + (text.length() > 60 ? text.substring(0, 60) + "..." : text) + "'");
        }
        String left = m.group(1);
        String right = m.group(3);
        boolean strict = m.group(2).equals("<");
        for (String name : new String[] {left, right}) {
            if (!parameters.contains(name)) {
                throw FieldErrors.single("constraint", "names '" + name + "', which is not a parameter of the strategy; accepted: " + parameters);
            }
        }
        return p -> {
            double a = number(p.get(left));
            double b = number(p.get(right));
            return strict ? a < b : a <= b;
        };
    }

    private static double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}

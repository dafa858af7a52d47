package dev.backtest.sdk.ml;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldErrors;

import java.util.List;

/**
 * What to train: the model kind, the features and the target's horizon.
 *
 * <p>Features, each computed for bar {@code t} from bars {@code <= t} only:
 * <ul>
 *   <li>{@code returns}: the last {@code lags} close-to-close returns {@code r[t], r[t-1], ..., r[t-lags+1]};</li>
 *   <li>{@code range} ((high - low) / close), {@code body} ((close - open) / open), {@code upper_wick},
 *       {@code lower_wick} (the wicks over the close), {@code volume_change} (volume over the previous bar's, minus 1);</li>
 *   <li>{@code sma:N}, {@code ema:N} (close over the average, minus 1) and {@code rsi:N} (RSI / 100 - 0.5): the
 *       engine's indicators.</li>
 * </ul>
 * The target is the return from bar {@code t}'s close to bar {@code t + horizon}'s close (its sign for classifications).
 * {@code maxDepth} is used by the trees, {@code epochs} by the gradient-descent models.
 *
 * <pre>{@code
 * ModelSpec ar = ModelSpec.autoregressive(5);
 * ModelSpec tree = new ModelSpec(ModelKind.REGRESSION_TREE, 3, List.of("returns", "range", "rsi:14"), 1, 5, 5);
 * }</pre>
 */
public record ModelSpec(ModelKind kind, int lags, List<String> features, int horizon, int maxDepth, int epochs) {

    /** The most lags, and the longest indicator period. */
    public static final int MAX_LAGS = 100;
    /** The longest horizon, in bars. */
    public static final int MAX_HORIZON = 100;
    /** The feature names without a period. */
    public static final List<String> PLAIN_FEATURES = List.of("returns", "range", "body", "upper_wick", "lower_wick", "volume_change");
    /** The indicator features, written {@code name:period}. */
    public static final List<String> INDICATOR_FEATURES = List.of("sma", "ema", "rsi");

    public ModelSpec {
        features = features == null || features.isEmpty() ? List.of("returns") : List.copyOf(features);
        FieldErrors errors = new FieldErrors();
        if (kind == null) {
            errors.add("kind", "is required; accepted: " + ModelKind.names());
        }
        if (lags < 1 || lags > MAX_LAGS) {
            errors.add("lags", "must be from 1 to " + MAX_LAGS + "; got " + lags);
        }
        if (horizon < 1 || horizon > MAX_HORIZON) {
            errors.add("horizon", "must be from 1 to " + MAX_HORIZON + "; got " + horizon);
        }
        if (maxDepth < 1 || maxDepth > 30) {
            errors.add("max_depth", "must be from 1 to 30; got " + maxDepth);
        }
        if (epochs < 1 || epochs > 1000) {
            errors.add("epochs", "must be from 1 to 1000; got " + epochs);
        }
        for (String f : features) {
            String problem = featureProblem(f);
            if (problem != null) {
                errors.add("features", problem);
            }
        }
        if (features.stream().distinct().count() != features.size()) {
            errors.add("features", "must not repeat a feature; got " + features);
        }
        errors.throwIfAny();
    }

    /** An AR({@code lags}) model of the next bar's return: least squares on the lagged returns. */
    public static ModelSpec autoregressive(int lags) {
        return new ModelSpec(ModelKind.AUTOREGRESSIVE, lags, List.of("returns"), 1, 5, 5);
    }

    /** A spec of {@code kind} with the defaults: 5 lags, {@code returns} only, horizon 1, depth 5, 5 epochs. */
    public static ModelSpec of(ModelKind kind) {
        return new ModelSpec(kind, 5, List.of("returns"), 1, 5, 5);
    }

    /** A copy with other features. */
    public ModelSpec withFeatures(List<String> newFeatures) {
        return new ModelSpec(kind, lags, newFeatures, horizon, maxDepth, epochs);
    }

    /** A copy with another horizon. */
    public ModelSpec withHorizon(int newHorizon) {
        return new ModelSpec(kind, lags, features, newHorizon, maxDepth, epochs);
    }

    /**
     * How many bars before bar {@code t} its features read: the first bar that has every feature is bar
     * {@code lookback()} of a series.
     */
    public int lookback() {
        int max = 0;
        for (String f : features) {
            max = Math.max(max, lookback(f));
        }
        return max;
    }

    private int lookback(String feature) {
        if (feature.equals("returns")) {
            return lags;
        }
        if (feature.equals("volume_change")) {
            return 1;
        }
        int colon = feature.indexOf(':');
        if (colon < 0) {
            return 0;
        }
        int n = Integer.parseInt(feature.substring(colon + 1));
        // RSI's first value needs n changes, so n + 1 bars; the averages' first value needs n bars
        return feature.startsWith("rsi") ? n : n - 1;
    }

    private static String featureProblem(String f) {
        if (f == null) {
            return "must not contain null";
        }
        if (PLAIN_FEATURES.contains(f)) {
            return null;
        }
        int colon = f.indexOf(':');
        if (colon > 0 && INDICATOR_FEATURES.contains(f.substring(0, colon))) {
            try {
                int n = Integer.parseInt(f.substring(colon + 1));
                if (n >= 2 && n <= MAX_LAGS) {
                    return null;
                }
            } catch (NumberFormatException e) {
                // reported below with the accepted forms
            }
        }
        return "unknown feature '" + f + "'; accepted: " + String.join(", ", PLAIN_FEATURES) + ", sma:N, ema:N, rsi:N (N from 2 to "
                + MAX_LAGS + ")";
    }

    /** The feature columns' names, in order (each lag of {@code returns} is its own column). */
    public List<String> columns() {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (String f : features) {
            if (f.equals("returns")) {
                for (int k = 1; k <= lags; k++) {
                    out.add("ret_lag" + k);
                }
            } else {
                out.add(f);
            }
        }
        return List.copyOf(out);
    }

    static BacktestException invalid(String field, String message) {
        return BacktestException.of(ErrorCode.VALIDATION_FAILED, field + " " + message).with("field", field);
    }
}

package dev.backtest.engine.portfolio;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldErrors;

import java.util.Map;

/**
 * Everything besides the assets that decides a portfolio run's numbers. Immutable; build with {@link #builder()}.
 *
 * <ul>
 *   <li>{@code base_currency} (default {@code USD}): assets in another currency are converted with an FX series.</li>
 *   <li>{@code cash} (&gt; 0, default 10 000): the starting equity.</li>
 *   <li>{@code commission} ({@code 0 <= c < 0.1}, default 0.001): fraction of traded value charged on every buy and
 *       every sell.</li>
 *   <li>{@code fractional} (default true): false floors every target to whole units.</li>
 *   <li>{@code weighting} (default {@link Weighting#equal()}) and {@code schedule} (default
 *       {@link Schedule#monthly()}).</li>
 *   <li>{@code max_weight} (optional, {@code 0 < cap <= 1}): weights above it are capped and the excess given to the
 *       uncapped assets in proportion to their weights, repeatedly.</li>
 *   <li>{@code threshold} (optional, {@code 0 < threshold < 1}): also rebalance when a listed asset's weight drifts
 *       more than this from its last target and no order is pending.</li>
 *   <li>{@code benchmark} (optional): the symbol of one of the assets, for the benchmark statistics.</li>
 * </ul>
 *
 * <pre>{@code
 * PortfolioOptions o = PortfolioOptions.builder().cash(100_000).weighting(Weighting.inverseVolatility(60))
 *         .schedule(Schedule.monthly()).maxWeight(0.25).threshold(0.05).benchmark("SPY").build();
 * PortfolioOptions frictionless = o.toBuilder().commission(0).build();
 * }</pre>
 */
public record PortfolioOptions(
        String baseCurrency,
        double cash,
        double commission,
        boolean fractional,
        Weighting weighting,
        Schedule schedule,
        Double maxWeight,
        Double threshold,
        String benchmark) {

    public static final String DEFAULT_BASE_CURRENCY = "USD";
    public static final double DEFAULT_CASH = 10_000;
    public static final double DEFAULT_COMMISSION = 0.001;
    /** How far above 1 the sum of fixed weights may be from rounding ({@code 0.6 + 0.3 + 0.1} is not 1 in binary). */
    static final double SUM_TOLERANCE = 1e-9;

    /**
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} naming every field that is wrong and what it accepts
     */
    public PortfolioOptions {
        FieldErrors errors = new FieldErrors();
        validate(errors, baseCurrency, cash, commission, weighting, schedule, maxWeight, threshold, benchmark);
        errors.throwIfAny();
    }

    private static void validate(FieldErrors errors, String baseCurrency, double cash, double commission, Weighting weighting,
                                 Schedule schedule, Double maxWeight, Double threshold, String benchmark) {
        if (!validCurrency(baseCurrency)) {
            errors.add("base_currency", "must be 1 to 12 letters or digits; got " + shown(baseCurrency));
        }
        if (!(cash > 0) || Double.isInfinite(cash)) {
            errors.add("cash", "must be a finite number > 0; got " + cash);
        }
        if (!(commission >= 0 && commission < 0.1)) {
            errors.add("commission", "must be in [0, 0.1); got " + commission);
        }
        if (weighting == null) {
            errors.add("weighting", "is required: equal, fixed, market_cap or inverse_volatility");
        } else if (weighting instanceof Weighting.Fixed f) {
            double sum = 0;
            if (f.weights().isEmpty()) {
                errors.add("weighting.weights", "must give at least one weight");
            }
            for (Map.Entry<String, Double> e : f.weights().entrySet()) {
                Double w = e.getValue();
                if (w == null || !(w >= 0 && w <= 1)) {
                    errors.add("weighting.weights." + e.getKey(), "must be a weight in [0, 1]; got " + w);
                } else {
                    sum += w;
                }
            }
            if (sum > 1 + SUM_TOLERANCE) {
                errors.add("weighting.weights", "must sum to at most 1 (the rest is cash); they sum to " + sum);
            }
        } else if (weighting instanceof Weighting.InverseVolatility v && v.lookback() < 2) {
            errors.add("weighting.lookback", "must be an integer >= 2 (a sample standard deviation needs 2 returns); got "
                    + v.lookback());
        }
        if (schedule == null) {
            errors.add("schedule", "is required: daily, weekly, monthly, quarterly, yearly or every_n(N)");
        } else if (schedule instanceof Schedule.EveryN e && e.n() < 1) {
            errors.add("schedule", "every_n needs N >= 1; got " + e.n());
        }
        if (maxWeight != null && !(maxWeight > 0 && maxWeight <= 1)) {
            errors.add("max_weight", "must be in (0, 1] when given; got " + maxWeight);
        }
        if (threshold != null && !(threshold > 0 && threshold < 1)) {
            errors.add("threshold", "must be in (0, 1) when given; got " + threshold);
        }
        if (benchmark != null && benchmark.isBlank()) {
            errors.add("benchmark", "must be the symbol of one of the assets when given; got a blank text");
        }
    }

    static boolean validCurrency(String c) {
        return c != null && c.length() >= 1 && c.length() <= 12 && c.chars().allMatch(Character::isLetterOrDigit);
    }

    static String shown(String s) {
        return s == null ? "null" : "'" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
    }

    /** The defaults: USD, cash 10 000, commission 0.001, fractional, equal weights, monthly, no cap, no threshold. */
    public static PortfolioOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().baseCurrency(baseCurrency).cash(cash).commission(commission).fractional(fractional)
                .weighting(weighting).schedule(schedule).maxWeight(maxWeight).threshold(threshold).benchmark(benchmark);
    }

    /** Builder of {@link PortfolioOptions}; validation happens in {@link #build()}. */
    public static final class Builder {
        private String baseCurrency = DEFAULT_BASE_CURRENCY;
        private double cash = DEFAULT_CASH;
        private double commission = DEFAULT_COMMISSION;
        private boolean fractional = true;
        private Weighting weighting = Weighting.equal();
        private Schedule schedule = Schedule.monthly();
        private Double maxWeight;
        private Double threshold;
        private String benchmark;

        private Builder() {
        }

        public Builder baseCurrency(String v) { baseCurrency = v; return this; }
        public Builder cash(double v) { cash = v; return this; }
        public Builder commission(double v) { commission = v; return this; }
        public Builder fractional(boolean v) { fractional = v; return this; }
        public Builder weighting(Weighting v) { weighting = v; return this; }
        public Builder schedule(Schedule v) { schedule = v; return this; }
        /** The cap; null for none. */
        public Builder maxWeight(Double v) { maxWeight = v; return this; }
        /** The drift threshold; null for none. */
        public Builder threshold(Double v) { threshold = v; return this; }
        /** The benchmark's symbol; null for none. */
        public Builder benchmark(String v) { benchmark = v; return this; }

        /** @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} naming every field that is wrong */
        public PortfolioOptions build() {
            return new PortfolioOptions(baseCurrency, cash, commission, fractional, weighting, schedule, maxWeight, threshold,
                    benchmark);
        }
    }
}

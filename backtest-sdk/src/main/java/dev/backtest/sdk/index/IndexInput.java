package dev.backtest.sdk.index;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The fields of an index to create, or to change (null: unchanged). On create {@code name}, {@code universe} and
 * {@code startDate} are required; the others default as said below. Rules of the weighting, schedule, cap and
 * threshold are the portfolio engine's (docs/portfolio.md).
 *
 * <pre>{@code
 * IndexInput top = new IndexInput("Crypto majors", null, List.of("BTC", "ETH"), "market_cap", null, null, 0.6,
 *         "monthly", 0.05, "BTC", 1000.0, "USD", LocalDate.of(2023, 1, 1), 0.001);
 * IndexInput rename = IndexInput.builder().name("Majors").build();
 * }</pre>
 *
 * @param name         1–{@value IndexService#MAX_NAME} characters
 * @param description  at most {@value IndexService#MAX_DESCRIPTION} characters, or null
 * @param universe     1 to {@code INDEX_MAX_ASSETS} (default 500) distinct symbols of the assets table
 * @param weighting    {@code equal} (default), {@code fixed}, {@code market_cap} or {@code inverse_volatility}
 * @param weights      with {@code fixed} only (and then required): a weight in [0, 1] per symbol of the universe,
 *                     summing to at most 1 (the rest is cash)
 * @param lookback     with {@code inverse_volatility}: the returns of the volatility, 2–{@value IndexService#MAX_LOOKBACK}
 *                     (default 60)
 * @param maxWeight    optional cap on every weight, in (0, 1]
 * @param schedule     {@code daily}, {@code weekly}, {@code monthly} (default), {@code quarterly}, {@code yearly} or
 *                     {@code every_n(N)}
 * @param threshold    optional drift threshold in (0, 1): a rebalance whenever a weight drifts this far from its target
 * @param benchmark    optional symbol of the assets table to compare with
 * @param baseValue    the index value at its start, finite and in (0, 10^12] (default 1000)
 * @param baseCurrency 1–12 letters or digits (default {@code USD}); every asset is taken to be priced in it
 * @param startDate    the first day, from 1970-01-01 to today
 * @param commission   fraction of traded value in [0, 0.1) (default 0.001)
 */
public record IndexInput(String name, String description, List<String> universe, String weighting, Map<String, Double> weights,
                         Integer lookback, Double maxWeight, String schedule, Double threshold, String benchmark, Double baseValue,
                         String baseCurrency, LocalDate startDate, Double commission) {

    /** A builder with every field null. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link IndexInput} field by field (unset fields stay null). */
    public static final class Builder {
        private String name;
        private String description;
        private List<String> universe;
        private String weighting;
        private Map<String, Double> weights;
        private Integer lookback;
        private Double maxWeight;
        private String schedule;
        private Double threshold;
        private String benchmark;
        private Double baseValue;
        private String baseCurrency;
        private LocalDate startDate;
        private Double commission;

        private Builder() {
        }

        public Builder name(String v) { name = v; return this; }
        public Builder description(String v) { description = v; return this; }
        public Builder universe(List<String> v) { universe = v; return this; }
        public Builder universe(String... v) { universe = List.of(v); return this; }
        public Builder weighting(String v) { weighting = v; return this; }
        public Builder weights(Map<String, Double> v) { weights = v; return this; }
        public Builder lookback(Integer v) { lookback = v; return this; }
        public Builder maxWeight(Double v) { maxWeight = v; return this; }
        public Builder schedule(String v) { schedule = v; return this; }
        public Builder threshold(Double v) { threshold = v; return this; }
        public Builder benchmark(String v) { benchmark = v; return this; }
        public Builder baseValue(Double v) { baseValue = v; return this; }
        public Builder baseCurrency(String v) { baseCurrency = v; return this; }
        public Builder startDate(LocalDate v) { startDate = v; return this; }
        public Builder commission(Double v) { commission = v; return this; }

        public IndexInput build() {
            return new IndexInput(name, description, universe, weighting, weights, lookback, maxWeight, schedule, threshold, benchmark,
                    baseValue, baseCurrency, startDate, commission);
        }
    }
}

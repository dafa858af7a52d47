package dev.backtest.engine.portfolio;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The built-in target weights of a portfolio, over the assets listed at the decision (those with a last price);
 * they sum to at most 1, the rest is cash.
 *
 * <ul>
 *   <li>{@link Equal}: {@code 1/M} for the {@code M} listed assets.</li>
 *   <li>{@link Fixed}: the given weights (each in [0, 1], summing to at most 1); a weighted asset not yet listed
 *       keeps its share in cash. Ready once an asset with a given weight is listed.</li>
 *   <li>{@link MarketCap}: proportional to each listed asset's latest market cap at or before the decision (assets
 *       without one get no weight). Ready once a listed asset has a market cap.</li>
 *   <li>{@link InverseVolatility}: proportional to {@code 1/σ}, {@code σ} the sample standard deviation (ddof 1)
 *       of the asset's last {@code lookback} simple close-to-close returns over its own bars; an asset with fewer
 *       than {@code lookback + 1} closes, or with {@code σ = 0}, gets no weight. Ready once a listed asset has a
 *       weight.</li>
 * </ul>
 * Each is run as a {@link PortfolioStrategy} through the same decisions, caps and fills as a strategy of one's own.
 *
 * <pre>{@code
 * Weighting w = Weighting.inverseVolatility(60);
 * Weighting sixtyForty = Weighting.fixed(Map.of("SPY", 0.6, "AGG", 0.4));
 * }</pre>
 */
public sealed interface Weighting permits Weighting.Equal, Weighting.Fixed, Weighting.MarketCap, Weighting.InverseVolatility {

    /** {@code 1/M} for each of the {@code M} listed assets. */
    record Equal() implements Weighting {
        @Override
        public String toString() {
            return "equal";
        }
    }

    /** The given weights by symbol, in the order given. */
    record Fixed(Map<String, Double> weights) implements Weighting {
        public Fixed {
            weights = Collections.unmodifiableMap(weights == null ? new LinkedHashMap<>() : new LinkedHashMap<>(weights));
        }

        @Override
        public String toString() {
            return "fixed" + weights;
        }
    }

    /** Proportional to the latest market caps. */
    record MarketCap() implements Weighting {
        @Override
        public String toString() {
            return "market_cap";
        }
    }

    /** Proportional to {@code 1/σ} of the last {@code lookback} returns; {@code lookback >= 2}. */
    record InverseVolatility(int lookback) implements Weighting {
        @Override
        public String toString() {
            return "inverse_volatility(" + lookback + ")";
        }
    }

    static Weighting equal() {
        return new Equal();
    }

    static Weighting fixed(Map<String, Double> weights) {
        return new Fixed(weights);
    }

    static Weighting marketCap() {
        return new MarketCap();
    }

    static Weighting inverseVolatility(int lookback) {
        return new InverseVolatility(lookback);
    }
}

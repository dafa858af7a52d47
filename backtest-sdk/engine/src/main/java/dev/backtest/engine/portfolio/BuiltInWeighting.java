package dev.backtest.engine.portfolio;

import java.util.Arrays;
import java.util.Map;

/**
 * A built-in {@link Weighting} as a {@link PortfolioStrategy}: the rule is written once, into a weight per asset
 * index ({@link #weights(PortfolioContext, double[])}), which the run reads directly and
 * {@link #weights(PortfolioContext)} turns into the map any strategy returns. It reads the data through the same
 * look-ahead-safe context as a strategy of one's own.
 */
abstract class BuiltInWeighting implements PortfolioStrategy {

    /**
     * Writes the target weight of each listed asset that gets one into {@code w} (filled with NaN before: no target)
     * and says whether there is any: false while the inputs the weighting needs are undefined for every listed asset.
     */
    abstract boolean weights(PortfolioContext ctx, double[] w);

    @Override
    public final Map<String, Double> weights(PortfolioContext ctx) {
        double[] w = new double[ctx.size()];
        Arrays.fill(w, Double.NaN);
        if (!weights(ctx, w)) {
            return null;
        }
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        for (int k = 0; k < w.length; k++) {
            if (!Double.isNaN(w[k])) {
                out.put(ctx.symbols().get(k), w[k]);
            }
        }
        return out;
    }

    static BuiltInWeighting of(Weighting weighting, Universe universe) {
        if (weighting instanceof Weighting.Fixed f) {
            return new Fixed(f, universe);
        }
        if (weighting instanceof Weighting.InverseVolatility v) {
            return new InverseVolatility(v.lookback());
        }
        return weighting instanceof Weighting.MarketCap ? new MarketCap() : new Equal();
    }

    /** {@code 1/M} for the {@code M} listed assets. */
    static final class Equal extends BuiltInWeighting {
        @Override
        boolean weights(PortfolioContext ctx, double[] w) {
            int m = 0;
            for (int k = 0; k < w.length; k++) {
                if (ctx.isListed(k)) {
                    m++;
                }
            }
            if (m == 0) {
                return false;
            }
            double each = 1.0 / m;
            for (int k = 0; k < w.length; k++) {
                if (ctx.isListed(k)) {
                    w[k] = each;
                }
            }
            return true;
        }
    }

    /** The given weights of the listed assets; the share of one not listed yet stays in cash. */
    static final class Fixed extends BuiltInWeighting {
        private final double[] given;

        Fixed(Weighting.Fixed fixed, Universe universe) {
            given = new double[universe.size];
            Arrays.fill(given, Double.NaN);
            fixed.weights().forEach((symbol, weight) -> given[universe.indexOf(symbol)] = weight);
        }

        @Override
        boolean weights(PortfolioContext ctx, double[] w) {
            boolean any = false;
            for (int k = 0; k < w.length; k++) {
                if (!Double.isNaN(given[k]) && ctx.isListed(k)) {
                    w[k] = given[k];
                    any = true;
                }
            }
            return any;
        }
    }

    /** Proportional to the latest market cap at or before the decision, over the listed assets that have one. */
    static final class MarketCap extends BuiltInWeighting {
        @Override
        boolean weights(PortfolioContext ctx, double[] w) {
            double total = 0;
            boolean any = false;
            for (int k = 0; k < w.length; k++) {
                double cap = ctx.marketCap(k);
                if (ctx.isListed(k) && !Double.isNaN(cap)) {
                    total += cap;
                    any = true;
                }
            }
            if (!any) {
                return false;
            }
            for (int k = 0; k < w.length; k++) {
                double cap = ctx.marketCap(k);
                if (ctx.isListed(k) && !Double.isNaN(cap)) {
                    w[k] = cap / total;
                }
            }
            return true;
        }
    }

    /**
     * Proportional to {@code 1/σ}, {@code σ} the sample standard deviation (ddof 1, mean first) of the asset's last
     * {@code lookback} simple returns {@code close[j]/close[j−1] − 1} over its own bars, read through its
     * look-ahead-safe close series; assets with fewer than {@code lookback + 1} closes, or {@code σ} not finite and
     * positive, get no weight.
     */
    static final class InverseVolatility extends BuiltInWeighting {
        private final int lookback;
        private final double[] returns;

        InverseVolatility(int lookback) {
            this.lookback = lookback;
            this.returns = new double[lookback];
        }

        @Override
        boolean weights(PortfolioContext ctx, double[] w) {
            double total = 0;
            boolean any = false;
            for (int k = 0; k < w.length; k++) {
                double sigma = sigma(ctx, k);
                if (sigma > 0 && sigma < Double.POSITIVE_INFINITY) {
                    w[k] = 1 / sigma;
                    total += w[k];
                    any = true;
                }
            }
            if (!any) {
                return false;
            }
            for (int k = 0; k < w.length; k++) {
                if (!Double.isNaN(w[k])) {
                    w[k] = w[k] / total;
                }
            }
            return true;
        }

        /** σ of asset {@code k}'s last {@code lookback} returns; NaN with fewer than {@code lookback + 1} closes. */
        private double sigma(PortfolioContext ctx, int k) {
            var close = ctx.close(k);
            int last = close.length() - 1; // the asset's last bar at or before the decision; -1 when not listed
            if (last < lookback) {
                return Double.NaN;
            }
            double sum = 0;
            for (int j = 0; j < lookback; j++) {
                int bar = last - lookback + 1 + j;
                double r = close.get(bar) / close.get(bar - 1) - 1;
                returns[j] = r;
                sum += r;
            }
            double mean = sum / lookback;
            double ss = 0;
            for (int j = 0; j < lookback; j++) {
                double d = returns[j] - mean;
                ss += d * d;
            }
            return Math.sqrt(ss / (lookback - 1));
        }
    }
}

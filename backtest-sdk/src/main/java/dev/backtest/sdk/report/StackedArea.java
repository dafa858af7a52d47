package dev.backtest.sdk.report;

import java.util.List;

/**
 * A stacked area chart of shares over time (a portfolio's weights with cash on top): one filled band per layer, the
 * first at the bottom, in percent of the whole. Long series are reduced by averaging buckets of consecutive times,
 * not by {@link LineReducer}'s extremes: the extremes of different layers fall at different times, whereas the means
 * of shares that sum to 1 still sum to 1 at one common time, so the bands stay stacked without gaps or overlaps.
 *
 * <pre>{@code
 * String svg = StackedArea.chart("weights-chart", time, new double[][] {spy, agg, cash},
 *         List.of(new StackedArea.Layer("SPY", "#1a73e8"), new StackedArea.Layer("AGG", "#e37400"),
 *                 new StackedArea.Layer("cash", "#dadce0")), 1500);
 * }</pre>
 */
final class StackedArea {

    /** A layer's name (escaped when drawn, shown as the band's tooltip) and fill colour. */
    record Layer(String name, String color) {
    }

    /** The reduced shares: {@code share[layer][j]} at time {@code time[j]}, {@code j < size}. */
    record Reduced(long[] time, double[][] share, int size) {
    }

    static final int HEIGHT = 240;

    private StackedArea() {
    }

    /**
     * The chart of {@code shares[layer][i]} at {@code time[i]}, at most {@code maxPoints} times per band.
     * {@code layers} name the rows of {@code shares}, bottom first.
     */
    static String chart(String id, long[] time, double[][] shares, List<Layer> layers, int maxPoints) {
        if (time.length == 0) {
            return "<p>No bars.</p>\n";
        }
        Reduced r = reduce(time, shares, maxPoints);
        Svg.Scale y = Svg.Scale.of(0, 100, HEIGHT - 25, 10);
        Svg.Scale x = Chart.xScale(time);
        StringBuilder s = Chart.open(id, HEIGHT);
        Chart.axis(s, y, HEIGHT);
        s.append("<g class=\"bands\">\n");
        double[] below = new double[r.size()];
        double[] above = new double[r.size()];
        for (int k = 0; k < layers.size(); k++) {
            for (int j = 0; j < r.size(); j++) {
                above[j] = below[j] + r.share()[k][j] * 100;
            }
            // the top edge left to right, then the bottom edge back: one closed band
            StringBuilder path = new StringBuilder();
            for (int j = 0; j < r.size(); j++) {
                path.append(j == 0 ? "M" : " L").append(Svg.num(x.at(r.time()[j]))).append(',').append(Svg.num(y.at(above[j])));
            }
            for (int j = r.size() - 1; j >= 0; j--) {
                path.append(" L").append(Svg.num(x.at(r.time()[j]))).append(',').append(Svg.num(y.at(below[j])));
            }
            Layer layer = layers.get(k);
            s.append("<path class=\"band\" d=\"").append(path).append(" Z\" fill=\"").append(layer.color())
                    .append("\" stroke=\"none\"><title>").append(Svg.escape(layer.name())).append("</title></path>\n");
            double[] t = below;
            below = above;
            above = t;
        }
        return s.append("</g>\n</svg>\n").toString();
    }

    /**
     * At most {@code max} times: with more, consecutive times are grouped into {@code max} buckets, each drawn at its
     * first time with the mean share of each layer over the bucket.
     */
    static Reduced reduce(long[] time, double[][] shares, int max) {
        int n = time.length;
        int buckets = Math.max(1, Math.min(n, max));
        long[] t = new long[buckets];
        double[][] share = new double[shares.length][buckets];
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) b * n / buckets);
            int to = (int) ((long) (b + 1) * n / buckets);
            t[b] = time[from];
            for (int k = 0; k < shares.length; k++) {
                double sum = 0;
                for (int i = from; i < to; i++) {
                    sum += shares[k][i];
                }
                share[k][b] = sum / (to - from);
            }
        }
        return new Reduced(t, share, buckets);
    }
}

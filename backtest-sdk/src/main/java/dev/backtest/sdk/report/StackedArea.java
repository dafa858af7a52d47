package dev.backtest.sdk.report;

/**
 * The reduction of a stacked area chart of shares over time (a portfolio's weights with cash on top): long series are
 * reduced by averaging buckets of consecutive times, not by {@link LineReducer}'s extremes: the extremes of different
 * layers fall at different times, whereas the means of shares that sum to 1 still sum to 1 at one common time, so the
 * bands stay stacked without gaps or overlaps.
 *
 * <pre>{@code
 * StackedArea.Reduced r = StackedArea.reduce(time, new double[][] {spy, agg, cash}, 1500);
 * }</pre>
 */
final class StackedArea {

    /** The reduced shares: {@code share[layer][j]} at time {@code time[j]}, {@code j < size}. */
    record Reduced(long[] time, double[][] share, int size) {
    }

    private StackedArea() {
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

package dev.backtest.sdk.report;

import java.util.Arrays;

/**
 * Reduces lines that share one time axis to at most {@code max} points for drawing: the times are cut into buckets of
 * consecutive points, and each bucket keeps, for every line, the points of its minimum and maximum, so peaks and
 * troughs of every line survive and the lines still share one set of times (uPlot draws aligned columns). The first
 * and last points are always kept. Undefined values (NaN) are never an extreme.
 *
 * <pre>{@code
 * int[] kept = LineReducer.indices(time.length, 1500, equity, buyAndHold);
 * }</pre>
 */
final class LineReducer {

    private LineReducer() {
    }

    /** The indices kept, ascending, at most {@code max} (at least 2 when {@code n > 1}). */
    static int[] indices(int n, int max, double[]... lines) {
        if (n <= max) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int perBucket = 2 * Math.max(1, lines.length);
        int buckets = Math.max(1, (max - 2) / perBucket);
        boolean[] keep = new boolean[n];
        keep[0] = true;
        keep[n - 1] = true;
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) b * n / buckets);
            int to = (int) ((long) (b + 1) * n / buckets);
            for (double[] v : lines) {
                int iMin = -1;
                int iMax = -1;
                for (int i = from; i < to; i++) {
                    if (Double.isNaN(v[i])) {
                        continue;
                    }
                    if (iMin < 0 || v[i] < v[iMin]) {
                        iMin = i;
                    }
                    if (iMax < 0 || v[i] > v[iMax]) {
                        iMax = i;
                    }
                }
                if (iMin >= 0) {
                    keep[iMin] = true;
                    keep[iMax] = true;
                }
            }
        }
        int count = 0;
        for (boolean k : keep) {
            count += k ? 1 : 0;
        }
        int[] out = new int[count];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (keep[i]) {
                out[k++] = i;
            }
        }
        return out;
    }

    static long[] pick(long[] values, int[] at) {
        long[] out = new long[at.length];
        for (int i = 0; i < at.length; i++) {
            out[i] = values[at[i]];
        }
        return out;
    }

    static double[] pick(double[] values, int[] at) {
        double[] out = new double[at.length];
        for (int i = 0; i < at.length; i++) {
            out[i] = values[at[i]];
        }
        return out;
    }
}

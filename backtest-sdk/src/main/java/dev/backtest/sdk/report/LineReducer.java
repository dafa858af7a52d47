package dev.backtest.sdk.report;

/**
 * Reduces a line to at most {@code max} points for drawing: each bucket of consecutive points keeps
 * its minimum and maximum (in time order), so peaks and troughs survive.
 */
final class LineReducer {

    record Points(double[] x, double[] y, int size) {
    }

    private LineReducer() {
    }

    static Points reduce(long[] time, double[] values, int max) {
        int n = time.length;
        if (n <= max) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = time[i];
            }
            return new Points(x, values.clone(), n);
        }
        int buckets = Math.max(1, max / 2);
        double[] x = new double[buckets * 2];
        double[] y = new double[buckets * 2];
        int k = 0;
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) b * n / buckets);
            int to = (int) ((long) (b + 1) * n / buckets);
            int iMin = from;
            int iMax = from;
            for (int i = from; i < to; i++) {
                if (values[i] < values[iMin]) {
                    iMin = i;
                }
                if (values[i] > values[iMax]) {
                    iMax = i;
                }
            }
            int first = Math.min(iMin, iMax);
            int second = Math.max(iMin, iMax);
            x[k] = time[first];
            y[k++] = values[first];
            if (second != first) {
                x[k] = time[second];
                y[k++] = values[second];
            }
        }
        return new Points(x, y, k);
    }

    static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double d : v) {
            if (d < m) {
                m = d;
            }
        }
        return m == Double.POSITIVE_INFINITY ? 0 : m;
    }

    static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            if (d > m) {
                m = d;
            }
        }
        return m == Double.NEGATIVE_INFINITY ? 0 : m;
    }
}

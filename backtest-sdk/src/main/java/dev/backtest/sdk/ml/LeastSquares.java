package dev.backtest.sdk.ml;

/** Ordinary least squares with an intercept, by the normal equations: small, dense, and exact enough for p ~ 100. */
final class LeastSquares {

    /** A ridge this small only keeps a singular system (a repeated column) solvable; it does not shrink real fits. */
    private static final double JITTER = 1e-10;

    private LeastSquares() {
    }

    /** Coefficients {@code [intercept, b1..bk]} minimising the squared error of {@code y[rows[i]]} on {@code x[i]}. */
    static double[] solve(double[][] x, double[] y, int[] rows) {
        int k = x.length == 0 ? 0 : x[0].length;
        int m = k + 1;
        double[][] a = new double[m][m + 1];
        double[] z = new double[m];
        for (int i = 0; i < x.length; i++) {
            z[0] = 1;
            System.arraycopy(x[i], 0, z, 1, k);
            double yi = y[rows[i]];
            for (int p = 0; p < m; p++) {
                for (int q = p; q < m; q++) {
                    a[p][q] += z[p] * z[q];
                }
                a[p][m] += z[p] * yi;
            }
        }
        for (int p = 0; p < m; p++) {
            for (int q = 0; q < p; q++) {
                a[p][q] = a[q][p];
            }
            a[p][p] += JITTER * x.length;
        }
        // Gaussian elimination with partial pivoting
        for (int c = 0; c < m; c++) {
            int pivot = c;
            for (int r = c + 1; r < m; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
                    pivot = r;
                }
            }
            double[] t = a[c];
            a[c] = a[pivot];
            a[pivot] = t;
            for (int r = c + 1; r < m; r++) {
                double f = a[r][c] / a[c][c];
                for (int q = c; q <= m; q++) {
                    a[r][q] -= f * a[c][q];
                }
            }
        }
        double[] beta = new double[m];
        for (int r = m - 1; r >= 0; r--) {
            double s = a[r][m];
            for (int q = r + 1; q < m; q++) {
                s -= a[r][q] * beta[q];
            }
            beta[r] = s / a[r][r];
        }
        return beta;
    }
}

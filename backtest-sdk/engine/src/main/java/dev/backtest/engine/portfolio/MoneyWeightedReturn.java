package dev.backtest.engine.portfolio;

/**
 * The annual internal rate of return of dated cash flows (XIRR) with 365-day years: the {@code x > −1} with
 * {@code Σ a_j (1+x)^(−τ_j) = 0}, {@code τ_j = (t_j − t_0) / 365 days}. Solved for {@code y = ln(1+x)} on
 * {@code H(y) = Σ a_j e^(y(τ_n − τ_j))} (the same equation times {@code (1+x)^τ_n}), which for money put in before
 * a final value taken out is strictly decreasing: a bracket is widened until {@code H} changes sign, then bisected
 * to the last bit. Robust where Newton's method alone diverges (large losses, short spans).
 */
final class MoneyWeightedReturn {

    private MoneyWeightedReturn() {
    }

    /**
     * The rate in percent; NaN when the flows span no time or {@code H} has no sign change in the range searched
     * (|y·τ_n| up to 700); −100 when nothing is left to take out.
     */
    static double annualPct(long[] time, double[] amount) {
        int n = time.length;
        double span = years(time[0], time[n - 1]);
        if (!(span > 0)) {
            return Double.NaN;
        }
        double[] exponent = new double[n];
        boolean lost = true;
        for (int j = 0; j < n; j++) {
            exponent[j] = span - years(time[0], time[j]);
            if (amount[j] > 0) {
                lost = false;
            }
        }
        if (lost) {
            return -100;
        }
        double limit = 700 / span;
        double lo = -1;
        double hi = 1;
        double hLo = h(lo, exponent, amount);
        double hHi = h(hi, exponent, amount);
        while (Math.signum(hLo) == Math.signum(hHi) && (lo > -limit || hi < limit)) {
            lo = Math.max(lo * 2, -limit);
            hi = Math.min(hi * 2, limit);
            hLo = h(lo, exponent, amount);
            hHi = h(hi, exponent, amount);
        }
        if (hLo == 0) {
            return Math.expm1(lo) * 100;
        }
        if (hHi == 0) {
            return Math.expm1(hi) * 100;
        }
        if (Math.signum(hLo) == Math.signum(hHi)) {
            return Double.NaN;
        }
        for (int it = 0; it < 400; it++) {
            double mid = lo + (hi - lo) / 2;
            if (mid <= lo || mid >= hi) {
                break; // adjacent doubles: as exact as it gets
            }
            double hMid = h(mid, exponent, amount);
            if (hMid == 0) {
                return Math.expm1(mid) * 100;
            }
            if (Math.signum(hMid) == Math.signum(hLo)) {
                lo = mid;
                hLo = hMid;
            } else {
                hi = mid;
            }
        }
        return Math.expm1(lo + (hi - lo) / 2) * 100;
    }

    private static double h(double y, double[] exponent, double[] amount) {
        double s = 0;
        for (int j = 0; j < amount.length; j++) {
            s += amount[j] * Math.exp(y * exponent[j]);
        }
        return s;
    }

    static double years(long from, long to) {
        return (to - from) / 86_400.0 / 365;
    }
}

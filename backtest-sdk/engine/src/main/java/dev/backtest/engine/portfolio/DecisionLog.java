package dev.backtest.engine.portfolio;

import java.util.Arrays;

/** The decisions of a run: time, trigger, and the target weight of every asset (NaN: no target), one array each. */
final class DecisionLog {

    int size;
    long[] time = new long[16];
    Decision.Trigger[] trigger = new Decision.Trigger[16];
    double[][] targets = new double[16][];

    void add(long t, Decision.Trigger why, double[] w) {
        if (size == time.length) {
            time = Arrays.copyOf(time, size * 2);
            trigger = Arrays.copyOf(trigger, size * 2);
            targets = Arrays.copyOf(targets, size * 2);
        }
        time[size] = t;
        trigger[size] = why;
        targets[size] = w.clone();
        size++;
    }

    /** The order target of asset {@code k} in decision {@code d}: its weight, 0 without one. */
    double target(int d, int k) {
        double w = targets[d][k];
        return Double.isNaN(w) ? 0 : w;
    }
}

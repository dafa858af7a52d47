package dev.backtest.engine.portfolio;

import java.util.Arrays;

/** The decisions of a run in columns: time, trigger, and the target weight of every asset (NaN: no target). */
final class DecisionLog {

    final int assets;
    int size;
    long[] time = new long[8];
    Decision.Trigger[] trigger = new Decision.Trigger[8];
    double[] targets;

    DecisionLog(int assets) {
        this.assets = assets;
        this.targets = new double[8 * assets];
    }

    void add(long t, Decision.Trigger why, double[] w) {
        if (size == time.length) {
            time = Arrays.copyOf(time, size * 2);
            trigger = Arrays.copyOf(trigger, size * 2);
            targets = Arrays.copyOf(targets, size * 2 * assets);
        }
        time[size] = t;
        trigger[size] = why;
        System.arraycopy(w, 0, targets, size * assets, assets);
        size++;
    }
}

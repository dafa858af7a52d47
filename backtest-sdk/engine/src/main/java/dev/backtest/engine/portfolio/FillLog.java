package dev.backtest.engine.portfolio;

import java.util.Arrays;

/**
 * The fills of a run in columns, one row per fill in the order they happened, holding only what cannot be derived:
 * the timeline index of the fill, the asset, the decision that ordered it, the asset's bar (its open is the price),
 * the units traded (negative: sold), the weight after all fills at that time and the units held after. The commission
 * is {@code |units| · price · c} (the same product the fill charged), the decision time and target weight are the
 * decision's. Rows are kept in chunks of 4096, so growing never copies them; they become {@link Fill} and
 * {@link Allocation} records only when the result is read.
 */
final class FillLog {

    private static final int SHIFT = 12;
    private static final int CHUNK = 1 << SHIFT;
    private static final int MASK = CHUNK - 1;

    int size;
    private int[][] step = new int[4][];
    private int[][] asset = new int[4][];
    private int[][] decision = new int[4][];
    private int[][] bar = new int[4][];
    private double[][] units = new double[4][];
    private double[][] weightAfter = new double[4][];
    private double[][] unitsAfter = new double[4][];

    /** Adds a fill; its weight after is set by {@link #setWeightAfter} once every fill at its time is known. */
    void add(int timelineIndex, int k, int decisionIndex, int barIndex, double signedUnits, double held) {
        int c = size >>> SHIFT;
        int o = size & MASK;
        if (o == 0) {
            if (c == step.length) {
                int n = c * 2;
                step = Arrays.copyOf(step, n);
                asset = Arrays.copyOf(asset, n);
                decision = Arrays.copyOf(decision, n);
                bar = Arrays.copyOf(bar, n);
                units = Arrays.copyOf(units, n);
                weightAfter = Arrays.copyOf(weightAfter, n);
                unitsAfter = Arrays.copyOf(unitsAfter, n);
            }
            step[c] = new int[CHUNK];
            asset[c] = new int[CHUNK];
            decision[c] = new int[CHUNK];
            bar[c] = new int[CHUNK];
            units[c] = new double[CHUNK];
            weightAfter[c] = new double[CHUNK];
            unitsAfter[c] = new double[CHUNK];
        }
        step[c][o] = timelineIndex;
        asset[c][o] = k;
        decision[c][o] = decisionIndex;
        bar[c][o] = barIndex;
        units[c][o] = signedUnits;
        unitsAfter[c][o] = held;
        size++;
    }

    void setWeightAfter(int row, double w) {
        weightAfter[row >>> SHIFT][row & MASK] = w;
    }

    int step(int row) {
        return step[row >>> SHIFT][row & MASK];
    }

    int asset(int row) {
        return asset[row >>> SHIFT][row & MASK];
    }

    int decision(int row) {
        return decision[row >>> SHIFT][row & MASK];
    }

    int bar(int row) {
        return bar[row >>> SHIFT][row & MASK];
    }

    /** Units traded: negative for a sale. */
    double units(int row) {
        return units[row >>> SHIFT][row & MASK];
    }

    double weightAfter(int row) {
        return weightAfter[row >>> SHIFT][row & MASK];
    }

    double unitsAfter(int row) {
        return unitsAfter[row >>> SHIFT][row & MASK];
    }
}

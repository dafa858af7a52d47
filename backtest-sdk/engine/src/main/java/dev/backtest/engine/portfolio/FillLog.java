package dev.backtest.engine.portfolio;

import java.util.Arrays;

/**
 * The fills of a run in columns, one row per fill, in the order they happened: the trade (time, asset, side, units,
 * price, commission) and its allocation (decision time, target weight, weight after all fills at that time, units
 * held after). Rows become {@link Fill} and {@link Allocation} records only when the result is read.
 */
final class FillLog {

    int size;
    long[] time = new long[16];
    int[] asset = new int[16];
    boolean[] sell = new boolean[16];
    double[] units = new double[16];
    double[] price = new double[16];
    double[] commission = new double[16];
    long[] decisionTime = new long[16];
    double[] target = new double[16];
    double[] weightAfter = new double[16];
    double[] unitsAfter = new double[16];

    /** Adds a fill; its weight after is set by {@link #setWeightAfter} once every fill of its time is known. */
    void add(long t, int k, boolean isSell, double u, double p, double c, long decidedAt, double targetWeight, double held) {
        if (size == time.length) {
            int cap = size * 2;
            time = Arrays.copyOf(time, cap);
            asset = Arrays.copyOf(asset, cap);
            sell = Arrays.copyOf(sell, cap);
            units = Arrays.copyOf(units, cap);
            price = Arrays.copyOf(price, cap);
            commission = Arrays.copyOf(commission, cap);
            decisionTime = Arrays.copyOf(decisionTime, cap);
            target = Arrays.copyOf(target, cap);
            weightAfter = Arrays.copyOf(weightAfter, cap);
            unitsAfter = Arrays.copyOf(unitsAfter, cap);
        }
        time[size] = t;
        asset[size] = k;
        sell[size] = isSell;
        units[size] = u;
        price[size] = p;
        commission[size] = c;
        decisionTime[size] = decidedAt;
        target[size] = targetWeight;
        unitsAfter[size] = held;
        size++;
    }

    void setWeightAfter(int row, double w) {
        weightAfter[row] = w;
    }
}

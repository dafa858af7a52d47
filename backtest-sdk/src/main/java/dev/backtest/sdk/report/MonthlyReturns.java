package dev.backtest.sdk.report;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * Compounded returns by UTC calendar month from an equity curve, as the report's heatmap shows them: a month's return
 * is its last value over the last value before it (the curve's first value for the first month), minus one; a year's
 * is the product of its months' growth. Months without a value are NaN.
 *
 * <pre>{@code
 * MonthlyReturns m = MonthlyReturns.of(time, equity);
 * double march2024 = m.pct()[m.firstYear() - 2024][2];   // percent
 * }</pre>
 *
 * @param firstYear the first row's year
 * @param pct       {@code pct[year - firstYear][month - 1]}, in percent, NaN where the curve has no value
 * @param yearPct   each row's compounded return, in percent
 */
record MonthlyReturns(int firstYear, double[][] pct, double[] yearPct) {

    static MonthlyReturns of(long[] time, double[] equity) {
        if (time.length == 0) {
            return new MonthlyReturns(0, new double[0][], new double[0]);
        }
        int firstYear = yearMonth(time[0]).getYear();
        int years = yearMonth(time[time.length - 1]).getYear() - firstYear + 1;
        double[][] pct = new double[years][12];
        for (double[] row : pct) {
            Arrays.fill(row, Double.NaN);
        }
        double[] growth = new double[years];
        Arrays.fill(growth, 1);
        double before = equity[0];
        for (int i = 0; i < time.length; i++) {
            boolean lastOfMonth = i == time.length - 1 || !yearMonth(time[i + 1]).equals(yearMonth(time[i]));
            if (lastOfMonth) {
                YearMonth ym = yearMonth(time[i]);
                double g = equity[i] / before;
                pct[ym.getYear() - firstYear][ym.getMonthValue() - 1] = (g - 1) * 100;
                growth[ym.getYear() - firstYear] *= g;
                before = equity[i];
            }
        }
        double[] yearPct = new double[years];
        for (int y = 0; y < years; y++) {
            boolean any = Arrays.stream(pct[y]).anyMatch(Double::isFinite);
            yearPct[y] = any ? (growth[y] - 1) * 100 : Double.NaN;
        }
        return new MonthlyReturns(firstYear, pct, yearPct);
    }

    private static YearMonth yearMonth(long epochSecond) {
        return YearMonth.from(Instant.ofEpochSecond(epochSecond).atOffset(ZoneOffset.UTC));
    }
}

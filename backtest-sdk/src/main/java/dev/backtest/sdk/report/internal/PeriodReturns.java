package dev.backtest.sdk.report.internal;

import dev.backtest.sdk.report.ReportContent.PeriodReturn;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Returns by calendar month and year in UTC, compounded from an equity curve: each month (year) starts from the last
 * point before it, the first from the curve's first point, and ends at its own last point.
 */
final class PeriodReturns {

    private PeriodReturns() {
    }

    /** Months as {@code 2023-01}. */
    static List<PeriodReturn> monthly(long[] time, double[] equity) {
        return grouped(time, equity, d -> String.format("%04d-%02d", d.getYear(), d.getMonthValue()));
    }

    /** Years as {@code 2023}. */
    static List<PeriodReturn> yearly(long[] time, double[] equity) {
        return grouped(time, equity, d -> String.format("%04d", d.getYear()));
    }

    private static List<PeriodReturn> grouped(long[] time, double[] equity, Function<LocalDate, String> key) {
        List<PeriodReturn> out = new ArrayList<>();
        int n = time.length;
        int from = 0;
        double base = n > 0 ? equity[0] : Double.NaN;
        while (from < n) {
            String k = key.apply(date(time[from]));
            int to = from;
            while (to + 1 < n && key.apply(date(time[to + 1])).equals(k)) {
                to++;
            }
            double end = equity[to];
            out.add(new PeriodReturn(k, date(time[from]), date(time[to]), base, end, percent(base, end)));
            base = end;
            from = to + 1;
        }
        return out;
    }

    /** {@code end / start - 1} in percent; null when it is undefined (a start at or below zero, or not a number). */
    static Double percent(double start, double end) {
        if (!(start > 0) || !Double.isFinite(end) || !Double.isFinite(start)) {
            return null;
        }
        return (end / start - 1) * 100;
    }

    static LocalDate date(long epochSecond) {
        return LocalDate.ofInstant(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }
}

package dev.backtest.sdk.report;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MonthlyReturnsTest {

    @Test
    void equalsAnIndependentComputationOverUtcCalendarMonths() {
        // hourly bars over 26 months starting mid-month at 21:00 UTC, with a gap of a whole month (no bars in 2024-05)
        SplittableRandom r = new SplittableRandom(11);
        int n = 19_000;
        long[] time = new long[n];
        double[] equity = new double[n];
        long t = Instant.parse("2023-11-14T21:00:00Z").getEpochSecond();
        double e = 10_000;
        for (int i = 0; i < n; i++) {
            if (YearMonth.from(Instant.ofEpochSecond(t).atOffset(ZoneOffset.UTC)).equals(YearMonth.of(2024, 5))) {
                t = Instant.parse("2024-06-01T00:00:00Z").getEpochSecond();
            }
            time[i] = t;
            e *= 1 + 0.003 * r.nextGaussian();
            equity[i] = e;
            t += 3600;
        }
        MonthlyReturns m = MonthlyReturns.of(time, equity);

        // independently: the last equity of each month, each compared with the previous month's (the first value for the first)
        TreeMap<YearMonth, Double> last = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            last.put(YearMonth.from(Instant.ofEpochSecond(time[i]).atZone(ZoneOffset.UTC)), equity[i]);
        }
        double previous = equity[0];
        Map<Integer, Double> yearGrowth = new TreeMap<>();
        assertThat(m.firstYear()).isEqualTo(2023);
        assertThat(m.pct()).hasNumberOfRows(4);
        int months = 0;
        for (Map.Entry<YearMonth, Double> month : last.entrySet()) {
            double expected = (month.getValue() / previous - 1) * 100;
            assertThat(m.pct()[month.getKey().getYear() - 2023][month.getKey().getMonthValue() - 1]).as(month.getKey().toString())
                    .isCloseTo(expected, within(1e-9));
            yearGrowth.merge(month.getKey().getYear(), month.getValue() / previous, (a, b) -> a * b);
            previous = month.getValue();
            months++;
        }
        assertThat(months).isGreaterThan(20);
        for (Map.Entry<Integer, Double> y : yearGrowth.entrySet()) {
            assertThat(m.yearPct()[y.getKey() - 2023]).isCloseTo((y.getValue() - 1) * 100, within(1e-9));
        }
        assertThat(m.pct()[2024 - 2023][4]).as("May 2024 has no bar").isNaN();
        assertThat(m.pct()[0][0]).as("January 2023 is before the curve").isNaN();
        // the compounded months give the whole return
        double whole = 1;
        for (double g : yearGrowth.values()) {
            whole *= g;
        }
        assertThat(whole).isCloseTo(equity[n - 1] / equity[0], within(1e-9));
    }

    @Test
    void aMonthEndsAtMidnightUtc() {
        long jan31 = Instant.parse("2024-01-31T23:00:00Z").getEpochSecond();
        long feb1 = Instant.parse("2024-02-01T00:00:00Z").getEpochSecond();
        MonthlyReturns m = MonthlyReturns.of(new long[] {jan31 - 86_400, jan31, feb1}, new double[] {100, 110, 121});
        assertThat(m.pct()[0][0]).isCloseTo(10, within(1e-12));
        assertThat(m.pct()[0][1]).isCloseTo(10, within(1e-12));
        assertThat(m.yearPct()[0]).isCloseTo(21, within(1e-12));
    }

    @Test
    void anEmptyCurveHasNoRows() {
        assertThat(MonthlyReturns.of(new long[0], new double[0]).pct()).isEmpty();
    }
}

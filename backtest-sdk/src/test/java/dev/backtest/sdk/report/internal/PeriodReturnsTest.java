package dev.backtest.sdk.report.internal;

import dev.backtest.sdk.report.ReportContent.PeriodReturn;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PeriodReturnsTest {

    private static long at(int y, int m, int d) {
        return LocalDate.of(y, m, d).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    }

    @Test
    void compoundsEachMonthFromTheLastPointBeforeItAndTheFirstFromTheFirstPoint() {
        long[] t = {at(2023, 1, 30), at(2023, 1, 31), at(2023, 2, 1), at(2023, 2, 28), at(2023, 3, 1), at(2024, 1, 2)};
        double[] e = {100, 110, 99, 121, 121, 60.5};
        List<PeriodReturn> months = PeriodReturns.monthly(t, e);
        assertThat(months).extracting(PeriodReturn::period).containsExactly("2023-01", "2023-02", "2023-03", "2024-01");
        assertThat(months.get(0).returnPct()).isCloseTo(10, within(1e-12));
        assertThat(months.get(0).start()).isEqualTo(LocalDate.of(2023, 1, 30));
        assertThat(months.get(1).startEquity()).isEqualTo(110);
        assertThat(months.get(1).returnPct()).isCloseTo(10, within(1e-12));
        assertThat(months.get(2).returnPct()).isZero();
        assertThat(months.get(3).returnPct()).isCloseTo(-50, within(1e-12));
        List<PeriodReturn> years = PeriodReturns.yearly(t, e);
        assertThat(years).extracting(PeriodReturn::period).containsExactly("2023", "2024");
        assertThat(years.get(0).returnPct()).isCloseTo(21, within(1e-12));
        assertThat(years.get(0).end()).isEqualTo(LocalDate.of(2023, 3, 1));
        assertThat(years.get(1).returnPct()).isCloseTo(-50, within(1e-12));
    }

    @Test
    void aReturnFromZeroOrANonNumberIsUndefined() {
        assertThat(PeriodReturns.percent(0, 10)).isNull();
        assertThat(PeriodReturns.percent(-5, 10)).isNull();
        assertThat(PeriodReturns.percent(10, Double.NaN)).isNull();
        assertThat(PeriodReturns.percent(Double.POSITIVE_INFINITY, 1)).isNull();
        assertThat(PeriodReturns.monthly(new long[0], new double[0])).isEmpty();
    }
}

package dev.backtest.server.http;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class AccessLogTest {

    private static String ms(long nanos) {
        StringBuilder sb = new StringBuilder();
        AccessLog.milliseconds(sb, nanos);
        return sb.toString();
    }

    @Test
    void durationsAreMillisecondsWithTwoDecimalsAsFormatWroteThem() {
        assertThat(ms(0)).isEqualTo("0.00");
        assertThat(ms(1_234_567)).isEqualTo("1.23");
        assertThat(ms(1_235_000)).isEqualTo("1.24");
        assertThat(ms(50_000)).isEqualTo("0.05");
        assertThat(ms(9_999_999)).isEqualTo("10.00");
        assertThat(ms(123_456_789_012L)).isEqualTo("123456.79");
        assertThat(ms(-5)).as("a clock step backwards").isEqualTo("0.00");
        for (long n : new long[] {1, 4_999, 5_001, 777_777, 31_415_926, 2_000_000_000L}) {
            assertThat(ms(n)).as("%d ns", n).isEqualTo(String.format(Locale.ROOT, "%.2f", n / 1e6));
        }
    }
}

package dev.backtest.sdk.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatFormatTest {

    @Test
    void percentagesHaveTwoDecimalsGroupingAndASign() {
        assertThat(StatFormat.kindOf("return_pct")).isEqualTo(StatFormat.Kind.PERCENT);
        assertThat(StatFormat.format("return_pct", 12.3456)).isEqualTo("12.35 %");
        assertThat(StatFormat.format("max_drawdown_pct", -22.9446)).isEqualTo("-22.94 %");
        assertThat(StatFormat.format("return_pct", 12345.6)).isEqualTo("12,345.60 %");
    }

    @Test
    void moneyIsGroupedWithTwoDecimals() {
        assertThat(StatFormat.kindOf("equity_final")).isEqualTo(StatFormat.Kind.MONEY);
        assertThat(StatFormat.format("equity_final", 21850.561)).isEqualTo("21,850.56");
        assertThat(StatFormat.format("commissions", 1234567.0)).isEqualTo("1,234,567.00");
        assertThat(StatFormat.format("equity_peak", -0.004)).isEqualTo("-0.00");
    }

    @Test
    void countsAreIntegersWhateverTheirType() {
        assertThat(StatFormat.format("trades", 557)).isEqualTo("557");
        assertThat(StatFormat.format("trades", 557.0)).isEqualTo("557");
        assertThat(StatFormat.format("rebalances", 12_345L)).isEqualTo("12,345");
        assertThat(StatFormat.format("periods_per_year", 8760)).isEqualTo("8,760");
        // a count that is not whole (an average, say) keeps its decimals rather than being rounded silently
        assertThat(StatFormat.format("trades", 2.5)).isEqualTo("2.50");
    }

    @Test
    void ratiosAndDurations() {
        assertThat(StatFormat.kindOf("sharpe_ratio")).isEqualTo(StatFormat.Kind.RATIO);
        assertThat(StatFormat.format("sharpe_ratio", 1.23456)).isEqualTo("1.23");
        assertThat(StatFormat.format("beta", -0.456)).isEqualTo("-0.46");
        assertThat(StatFormat.kindOf("max_drawdown_duration_days")).isEqualTo(StatFormat.Kind.DAYS);
        assertThat(StatFormat.format("duration_days", 1461.04)).isEqualTo("1,461.0");
    }

    @Test
    void undefinedAndTextValues() {
        assertThat(StatFormat.format("sharpe_ratio", Double.NaN)).isEqualTo(Display.UNDEFINED);
        assertThat(StatFormat.format("return_pct", Double.POSITIVE_INFINITY)).isEqualTo(Display.UNDEFINED);
        assertThat(StatFormat.format("beta", null)).isEqualTo(Display.UNDEFINED);
        assertThat(StatFormat.format("start", "2024-01-01T00:00:00Z")).isEqualTo("2024-01-01T00:00:00Z");
    }
}

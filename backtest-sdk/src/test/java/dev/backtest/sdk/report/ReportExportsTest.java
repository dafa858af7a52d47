package dev.backtest.sdk.report;

import dev.backtest.sdk.run.RunResults;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportExportsTest {

    private static final OffsetDateTime T0 = OffsetDateTime.of(2023, 1, 2, 0, 0, 0, 0, ZoneOffset.UTC);

    private static ReportView report(String type, String title, List<RunResults.TradeRow> trades, ReportContent.Equity equity) {
        ReportContent.Source source = new ReportContent.Source(UUID.randomUUID(), "bt <1>", UUID.randomUUID(), T0, "BTC", "1d",
                "sma_cross", Map.of("fast", 5), LocalDate.of(2023, 1, 2), LocalDate.of(2023, 2, 3));
        ReportContent.Summary summary = new ReportContent.Summary(2, T0, T0.plusDays(32), 0, 100, null, -3.5, trades.size(), 0, null);
        List<ReportContent.PeriodReturn> monthly = List.of(
                new ReportContent.PeriodReturn("2023-01", LocalDate.of(2023, 1, 2), LocalDate.of(2023, 1, 31), 0, 50, null),
                new ReportContent.PeriodReturn("2023-02", LocalDate.of(2023, 2, 1), LocalDate.of(2023, 2, 3), 50, 100, 100.0));
        List<ReportContent.PeriodReturn> yearly = List.of(
                new ReportContent.PeriodReturn("2023", LocalDate.of(2023, 1, 2), LocalDate.of(2023, 2, 3), 0, 100, null));
        return new ReportView(UUID.randomUUID(), type, title, source.backtestId(), source.runId(), source.firstDate(), source.lastDate(),
                "ab".repeat(32), 1, T0, new ReportContent(source, summary, equity, trades, monthly, yearly));
    }

    private static RunResults.TradeRow trade(int seq, String pnl) {
        return new RunResults.TradeRow(seq, BigDecimal.ONE, 0, 1, T0, T0.plusDays(1), new BigDecimal("10"), new BigDecimal("11"),
                BigDecimal.ZERO, new BigDecimal(pnl), 0.1);
    }

    @Test
    void periodReturnsPageEscapesTextLeavesUndefinedReturnsBlankAndDrawsNoCharts() {
        ReportView r = report("period_returns", "<b>mine</b>", List.of(), new ReportContent.Equity(new long[0], new double[0], new double[0]));
        String html = ReportExports.export(r, ReportFormat.HTML).body();
        assertThat(html).contains("&lt;b&gt;mine&lt;/b&gt;", "bt &lt;1&gt;", "data-period=\"2023-02\" style=\"background:rgba(19,115,51,0.70)\">100.00<",
                "data-period=\"2023-01\">" + Display.UNDEFINED + "<").doesNotContain("<b>mine", "equity-chart", "id=\"trades\"");
        String csv = ReportExports.csv(r);
        assertThat(csv).isEqualTo("kind,period,start,end,start_equity,end_equity,return_pct\r\n"
                + "month,2023-01,2023-01-02,2023-01-31,0.0,50.0,\r\nmonth,2023-02,2023-02-01,2023-02-03,50.0,100.0,100.0\r\n"
                + "year,2023,2023-01-02,2023-02-03,0.0,100.0,\r\n");
        ReportExport json = ReportExports.export(r, ReportFormat.JSON);
        assertThat(json.mediaType()).isEqualTo("application/json");
        assertThat(json.body()).contains("\"source_fingerprint\":\"" + "ab".repeat(32) + "\"", "\"return_pct\":null");
    }

    @Test
    void summaryPageShowsTheFirstTradesAndSaysHowManyAreLeftOut() {
        List<RunResults.TradeRow> trades = new ArrayList<>();
        for (int i = 0; i < SavedReportPage.MAX_TRADE_ROWS + 3; i++) {
            trades.add(trade(i, i % 3 == 0 ? "-1.5" : i % 3 == 1 ? "0" : "2.25"));
        }
        long[] t = {T0.toEpochSecond(), T0.plusDays(32).toEpochSecond()};
        ReportView r = report("backtest_summary", "s", trades, new ReportContent.Equity(t, new double[] {0, 100}, new double[] {0, -3.5}));
        String html = ReportExports.html(r);
        assertThat(html).contains("id=\"equity-chart\"", "id=\"drawdown-chart\"", "class=\"neg\">-1.50<", "class=\"\">0.0000<",
                "class=\"pos\">2.25<", "First " + SavedReportPage.MAX_TRADE_ROWS + " of " + trades.size() + " trades shown.");
        String csv = ReportExports.csv(r);
        assertThat(csv.split("\r\n")).hasSize(trades.size() + 1);
        assertThat(csv).contains("\r\n0,2023-01-02T00:00:00Z,2023-01-03T00:00:00Z,1,10,11,0,-1.5,0.1\r\n");
        assertThat(ReportExports.html(report("backtest_summary", "s", List.of(), r.content().equity()))).contains("No trades closed");
    }

    @Test
    void aListedReportWithoutContentCannotBeExported() {
        ReportView listed = report("period_returns", "x", List.of(), new ReportContent.Equity(new long[0], new double[0], new double[0]))
                .withoutContent();
        assertThatThrownBy(() -> ReportExports.csv(listed)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("get it first");
        assertThat(ReportType.fromWire("nope")).isEmpty();
        assertThat(ReportType.INDEX_PERFORMANCE.available()).isTrue();
        assertThat(ReportType.availableWires()).containsExactly("backtest_summary", "period_returns", "index_performance");
    }
}

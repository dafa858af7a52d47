package dev.backtest.sdk.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlReportTest {

    @Test
    void isSelfContained() {
        String html = HtmlReport.render(ReportSamples.sample(500, 10, "SMA 10/30"));
        assertThat(html).doesNotContain("<script").doesNotContain("<link").doesNotContain("@import").doesNotContain("url(")
                .doesNotContain("src=").doesNotContain("https://");
        assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://");
    }

    @Test
    void drawsEveryChartAndTable() {
        ReportData d = ReportSamples.sample(500, 10, "SMA 10/30");
        String html = HtmlReport.render(d);
        assertThat(html).contains("id=\"equity-chart\"", "id=\"drawdown-chart\"", "id=\"candle-chart\"", "id=\"stats\"", "id=\"trades\"");
        assertThat(count(html, "class=\"equity\" d=\"M")).isEqualTo(1);
        assertThat(count(html, "class=\"buy-and-hold\" d=\"M")).isEqualTo(1);
        assertThat(count(html, "class=\"candle\"")).isEqualTo(HtmlReport.MAX_CANDLES);
        assertThat(count(html, "class=\"entry\"")).isEqualTo(d.trades().size());
        assertThat(count(html, "class=\"exit\"")).isEqualTo(d.trades().size());
        assertThat(html).contains("<td>return_pct</td>").contains("<td>sharpe_ratio</td><td>—</td>");
    }

    @Test
    void escapesText() {
        String html = HtmlReport.render(ReportSamples.sample(50, 2, "<script>alert('x')</script> & co"));
        assertThat(html).doesNotContain("<script>alert").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co");
    }

    @Test
    void longSeriesAreReducedButKeepTheExtremes() {
        ReportData d = ReportSamples.sample(200_000, 100, "long");
        String html = HtmlReport.render(d);
        Matcher m = Pattern.compile("class=\"equity\" d=\"([^\"]*)\"").matcher(html);
        assertThat(m.find()).isTrue();
        assertThat(count(m.group(1), "L") + 1).isLessThanOrEqualTo(HtmlReport.MAX_LINE_POINTS);
        assertThat(html.length()).isLessThan(400_000);
        LineReducer.Points p = LineReducer.reduce(d.time(), d.equity(), HtmlReport.MAX_LINE_POINTS);
        double[] kept = java.util.Arrays.copyOf(p.y(), p.size());
        assertThat(LineReducer.max(kept)).isEqualTo(LineReducer.max(d.equity()));
        assertThat(LineReducer.min(kept)).isEqualTo(LineReducer.min(d.equity()));
    }

    @Test
    void mergedCandlesKeepFirstOpenExtremesAndLastClose() {
        long[] t = {1, 2, 3, 4};
        CandleReducer.Candles c = CandleReducer.reduce(t, new double[] {10, 11, 12, 13}, new double[] {15, 19, 14, 16},
                new double[] {9, 8, 10, 12}, new double[] {11, 12, 13, 14}, 2);
        assertThat(c.size()).isEqualTo(2);
        assertThat(c.open()).containsExactly(10, 12);
        assertThat(c.high()).containsExactly(19, 16);
        assertThat(c.low()).containsExactly(8, 10);
        assertThat(c.close()).containsExactly(12, 14);
    }

    @Test
    void writesAtomically(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("r.html");
        HtmlReport.write(ReportSamples.sample(100, 3, "x"), file);
        assertThat(Files.readString(file)).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }
}

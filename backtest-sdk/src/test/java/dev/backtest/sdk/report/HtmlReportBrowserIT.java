package dev.backtest.sdk.report;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Opens a generated report in headless Chromium ({@link HeadlessChromium}, over the DevTools protocol) and uses it as
 * a reader would: the three charts are drawn on canvases, hovering the equity chart shows the date and the equity
 * under the cursor in its legend (the equity of that bar, to the legend's two decimals), the drawdown chart's legend
 * follows the same date, and dragging over the equity chart zooms every chart in time. The page and its screenshot
 * (taken while hovering) stay in {@code target/report-screenshots}; {@code docs/img/report.png} is a copy of it.
 */
class HtmlReportBrowserIT {

    private static final DateTimeFormatter LEGEND_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @Test
    void chartsRenderAndTheLegendShowsTheEquityUnderTheCursor() throws Exception {
        HeadlessChromium.assumeInstalled("HtmlReportBrowserIT");
        Path out = Files.createDirectories(Path.of("target", "report-screenshots")).toAbsolutePath();
        Path html = out.resolve("sample-report.html");
        ReportData d = ReportSamples.sample(2_000, 40, "SMA 10/30 on BTC");
        HtmlReport.write(d, html);
        Path png = out.resolve("sample-report.png");
        Files.deleteIfExists(png);

        try (HeadlessChromium chromium = HeadlessChromium.start(1200, 1300)) {
            chromium.open(html.toUri());
            chromium.await("document.body.dataset.charts === '3'", 30);
            JsonNode canvases = chromium.evaluate("Array.from(document.querySelectorAll('.chart canvas')).map(c => "
                    + "({chart: c.closest('.chart').id, width: c.width, height: c.height, inked: (() => { const px = "
                    + "c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; "
                    + "for (let i = 3; i < px.length; i += 4) { if (px[i] > 0) n++; } return n; })()}))");
            assertThat(canvases.findValuesAsText("chart")).containsExactly("equity-chart", "drawdown-chart", "candle-chart");
            for (JsonNode c : canvases) {
                assertThat(c.path("width").asInt()).as(c.toString()).isGreaterThan(1000);
                assertThat(c.path("inked").asInt()).as("drawn pixels of " + c).isGreaterThan(2_000);
            }
            // value ticks are round and grouped: no "-22.9446"
            // (uPlot draws its axes on the canvas; it keeps the labels it drew in axes[i]._values)
            JsonNode ticks = chromium.evaluate("backtestReport.charts[0].axes[1]._values");
            System.out.println("[HtmlReportBrowserIT] equity ticks " + ticks + ", time ticks "
                    + chromium.evaluate("backtestReport.charts[0].axes[0]._values") + ", drawdown ticks "
                    + chromium.evaluate("backtestReport.charts[1].axes[1]._values"));
            assertThat(ticks.size()).isGreaterThan(2);
            ticks.forEach(t -> assertThat(t.asText()).matches("-?\\d{1,3}(,\\d{3})*(\\.\\d{1,2})?"));
            JsonNode dates = chromium.evaluate("backtestReport.charts[0].axes[0]._values");
            assertThat(dates.get(0).asText()).as("the first date tick names its year").matches("[A-Z][a-z]{2} \\d{1,2}\n2024");
            dates.forEach(t -> assertThat(t.asText()).matches("([A-Z][a-z]{2}( \\d{1,2})?|\\d{4}|\\d{2}:\\d{2})(\n.+)?"));

            JsonNode over = chromium.evaluate("(() => { const r = document.querySelector('#equity-chart .u-over')"
                    + ".getBoundingClientRect(); return {left: r.left, top: r.top, width: r.width, height: r.height}; })()");
            double x = over.path("left").asDouble() + over.path("width").asDouble() * 0.63;
            double y = over.path("top").asDouble() + over.path("height").asDouble() / 2;
            chromium.mouse("mouseMoved", x, y);
            chromium.await("document.querySelectorAll('#equity-chart .u-legend .u-series .u-value')[1].textContent !== '\u2014'", 10);
            String time = legend(chromium, "equity-chart", 0);
            String equity = legend(chromium, "equity-chart", 1);
            int bar = Arrays.binarySearch(d.time(), LocalDateTime.parse(time, LEGEND_TIME).toEpochSecond(ZoneOffset.UTC));
            assertThat(bar).as("the legend's time " + time + " is a bar of the run").isGreaterThan(d.time().length / 2);
            assertThat(equity).as("grouped, two decimals").matches("\\d{1,3}(,\\d{3})*\\.\\d{2}");
            assertThat(Double.parseDouble(equity.replace(",", ""))).isCloseTo(d.equity()[bar], within(0.005 + 1e-9));
            assertThat(legend(chromium, "drawdown-chart", 0)).as("the drawdown chart follows the cursor").isEqualTo(time);
            assertThat(Double.parseDouble(legend(chromium, "drawdown-chart", 1).replace(" %", "")))
                    .isCloseTo(d.drawdownPct()[bar], within(0.005 + 1e-9));
            Files.write(png, chromium.screenshot());

            // drag over a fifth of the equity chart: every chart shows that time range, so the same point is a later bar
            double left = over.path("left").asDouble();
            double width = over.path("width").asDouble();
            chromium.mouse("mousePressed", left + width * 0.2, y);
            chromium.mouse("mouseMoved", left + width * 0.3, y);
            chromium.mouse("mouseMoved", left + width * 0.4, y);
            chromium.mouse("mouseReleased", left + width * 0.4, y);
            chromium.mouse("mouseMoved", left + width * 0.5, y);
            String zoomed = legend(chromium, "equity-chart", 0);
            int zoomedBar = Arrays.binarySearch(d.time(), LocalDateTime.parse(zoomed, LEGEND_TIME).toEpochSecond(ZoneOffset.UTC));
            assertThat(zoomedBar).as("the middle of the zoomed chart lies in the selected range").isBetween(d.time().length / 5,
                    2 * d.time().length / 5);
            assertThat(legend(chromium, "drawdown-chart", 0)).isEqualTo(zoomed);
            assertThat(chromium.problems).as("exceptions and console errors").isEmpty();
        }
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(png)));
        assertThat(img.getWidth()).isEqualTo(1200);
    }

    private static String legend(HeadlessChromium chromium, String chart, int series) throws Exception {
        return chromium.evaluate("document.querySelectorAll('#" + chart + " .u-legend .u-series .u-value')[" + series + "].textContent")
                .asText();
    }
}

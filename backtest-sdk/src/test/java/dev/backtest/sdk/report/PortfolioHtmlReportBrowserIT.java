package dev.backtest.sdk.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.engine.portfolio.PortfolioOptions;
import dev.backtest.engine.portfolio.PortfolioResult;
import dev.backtest.engine.portfolio.Weighting;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Renders a portfolio report in headless Chromium ({@link HeadlessChromium}) under the page's own
 * {@link Reports#contentSecurityPolicy()} (set by a {@code meta} element here, as a server sends it in a header): the
 * scripts run (their hashes are allowed), the four charts are drawn, hovering the weights chart shows each asset's
 * weight at that date, and nothing is blocked or thrown. The page and its screenshot stay in
 * {@code target/report-screenshots}.
 */
class PortfolioHtmlReportBrowserIT {

    @Test
    void chartsRenderUnderTheReportPolicyAndTheWeightsLegendShowsTheShares() throws Exception {
        HeadlessChromium.assumeInstalled("PortfolioHtmlReportBrowserIT");
        Path out = Files.createDirectories(Path.of("target", "report-screenshots")).toAbsolutePath();
        Path html = out.resolve("sample-portfolio-report.html");
        PortfolioSamples.Sample s = PortfolioSamples.run(3_000, PortfolioOptions.builder().weighting(Weighting.inverseVolatility(30))
                .benchmark("SPY").build(), "SPY", "AGG", "GLD");
        PortfolioResult r = s.result();
        String page = Reports.html(r, s.bars("SPY")).replaceFirst("<head>", "<head><meta http-equiv=\"Content-Security-Policy\" content=\""
                + Reports.contentSecurityPolicy() + "\">");
        Files.writeString(html, page);

        try (HeadlessChromium chromium = HeadlessChromium.start(1200, 1400)) {
            chromium.open(html.toUri());
            chromium.await("document.body.dataset.charts === '3'", 30);
            JsonNode inked = chromium.evaluate("Array.from(document.querySelectorAll('.chart canvas')).map(c => { const px = "
                    + "c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; "
                    + "for (let i = 3; i < px.length; i += 4) { if (px[i] > 0) n++; } return n; })");
            assertThat(inked).hasSize(3);
            inked.forEach(n -> assertThat(n.asInt()).isGreaterThan(2_000));
            assertThat(chromium.evaluate("backtestReport.charts[2].axes[1]._values").toString()).contains("\"100 %\"");

            chromium.evaluate("document.getElementById('weights-chart').scrollIntoView()");
            JsonNode over = chromium.evaluate("(() => { const r = document.querySelector('#weights-chart .u-over')"
                    + ".getBoundingClientRect(); return {left: r.left, top: r.top, width: r.width, height: r.height}; })()");
            chromium.mouse("mouseMoved", over.path("left").asDouble() + over.path("width").asDouble() * 0.7,
                    over.path("top").asDouble() + over.path("height").asDouble() / 2);
            chromium.await("document.querySelectorAll('#weights-chart .u-legend .u-series .u-value')[1].textContent !== '\u2014'", 10);
            JsonNode legend = chromium.evaluate("Array.from(document.querySelectorAll('#weights-chart .u-legend .u-series'))"
                    + ".map(e => e.querySelector('.u-label').textContent + '=' + e.querySelector('.u-value').textContent)");
            // the top band first: cash, GLD, AGG, SPY; each the share of that asset, not the stacked sum
            assertThat(legend.get(1).asText()).startsWith("cash=");
            String date = legend.get(0).asText().substring(legend.get(0).asText().indexOf('=') + 1);
            int i = Arrays.binarySearch(r.time(), LocalDate.parse(date).atStartOfDay().toEpochSecond(ZoneOffset.UTC));
            assertThat(i).as("hovered date " + date).isGreaterThan(0);
            double sum = 0;
            for (int k = 1; k <= 4; k++) {
                sum += Double.parseDouble(legend.get(k).asText().replaceAll("^.*=| %$", ""));
            }
            assertThat(sum).as("the shares of " + legend).isCloseTo(100, within(0.03));
            Files.write(out.resolve("sample-portfolio-report.png"), chromium.screenshot());
            assertThat(chromium.problems).as("policy violations, exceptions and console errors").isEmpty();
        }
    }
}

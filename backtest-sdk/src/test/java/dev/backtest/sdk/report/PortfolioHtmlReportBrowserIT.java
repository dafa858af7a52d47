package dev.backtest.sdk.report;

import dev.backtest.engine.portfolio.PortfolioOptions;
import dev.backtest.engine.portfolio.Weighting;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Renders a portfolio report in headless Chromium (Debian's {@code chromium}) as {@link HtmlReportBrowserIT} does the
 * single-asset one, and also reads Chromium's log for console messages: Chromium reports an SVG attribute it cannot
 * parse (a malformed path) there, and nothing else on a page without scripts should log. The page and its screenshot
 * stay in {@code target/report-screenshots}. Without Chromium: skipped outside CI, failed in CI.
 */
class PortfolioHtmlReportBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void chromiumRendersThePortfolioChartsWithoutConsoleMessages() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM);
        if (!present && System.getenv("CI") == null) {
            System.out.println("[PortfolioHtmlReportBrowserIT] /usr/bin/chromium not installed: skipped (apt-get install chromium)");
        }
        assumeTrue(present || System.getenv("CI") != null, "Chromium not installed");
        assertThat(present).as("Chromium at " + CHROMIUM + " (installed by .ci/run)").isTrue();

        Path out = Files.createDirectories(Path.of("target", "report-screenshots")).toAbsolutePath();
        Path html = out.resolve("sample-portfolio-report.html");
        PortfolioSamples.Sample s = PortfolioSamples.run(3_000, PortfolioOptions.builder().weighting(Weighting.inverseVolatility(30))
                .benchmark("SPY").build(), "SPY", "AGG", "GLD");
        Reports.writeHtml(s.result(), s.bars("SPY"), html);
        Path png = out.resolve("sample-portfolio-report.png");
        Files.deleteIfExists(png);
        Path profile = Files.createTempDirectory("chromium-profile");
        Path log = out.resolve("sample-portfolio-report.chromium.log");

        String dom = chromium(profile, log, "--dump-dom", html.toUri().toString());
        assertThat(dom).contains("id=\"equity-chart\"", "id=\"drawdown-chart\"", "id=\"weights-chart\"", "id=\"contributions\"",
                "id=\"stats\"");
        assertThat(dom).containsPattern("class=\"equity\" d=\"M[0-9.]+,[0-9.]+ L");
        assertThat(dom).containsPattern("class=\"benchmark\" d=\"M[0-9.]+,[0-9.]+ L");
        assertThat(dom).containsPattern("class=\"drawdown\" d=\"M[0-9.]+,[0-9.]+ L");
        assertThat(dom.split("class=\"band\" d=\"M[0-9.]+,[0-9.]+ L", -1)).hasSize(5);
        assertThat(consoleLines(log)).as("console messages in " + log).isEmpty();

        chromium(profile, log, "--screenshot=" + png, "--window-size=1200,1400", html.toUri().toString());
        assertThat(png).exists();
        assertThat(consoleLines(log)).as("console messages in " + log).isEmpty();
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(1200);
        // The equity chart area (below the title) and the weights chart must hold many colours, not a blank page.
        assertThat(colours(img, 120, 500)).as("distinct colours in the equity chart area").isGreaterThan(20);
        assertThat(colours(img, 810, 970)).as("distinct colours in the weights chart area").isGreaterThanOrEqualTo(4);
    }

    private static int colours(BufferedImage img, int fromY, int toY) {
        Set<Integer> colours = new HashSet<>();
        for (int y = fromY; y < Math.min(img.getHeight(), toY); y += 2) {
            for (int x = 80; x < 1100; x += 2) {
                colours.add(img.getRGB(x, y));
            }
        }
        return colours.size();
    }

    /** The lines of Chromium's log that carry a console message of the page. */
    private static List<String> consoleLines(Path log) throws Exception {
        return Files.readAllLines(log).stream().filter(l -> l.contains(":CONSOLE")).toList();
    }

    /** Runs Chromium with its log (and the page's console) written to {@code log}; returns what it printed. */
    private static String chromium(Path profile, Path log, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--enable-logging=stderr", "--v=0", "--user-data-dir=" + profile));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.to(log.toFile())).start();
        String stdout = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(p.exitValue()).as("chromium exit code").isZero();
        return stdout;
    }
}

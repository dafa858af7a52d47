package dev.backtest.sdk.report;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Renders a report in headless Chromium (Debian's {@code chromium}) and checks the charts are there
 * and drawn. The screenshot stays in {@code target/report-screenshots} as a build artifact. Where
 * Chromium is missing the test installs nothing: outside CI it is skipped with a message; in CI
 * ({@code CI} set) it fails, since {@code .ci/run} installs Chromium first.
 */
class HtmlReportBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void chromiumRendersTheChartsNonEmpty() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM);
        if (!present && System.getenv("CI") == null) {
            System.out.println("[HtmlReportBrowserIT] /usr/bin/chromium not installed: skipped (apt-get install chromium)");
        }
        assumeTrue(present || System.getenv("CI") != null, "Chromium not installed");
        assertThat(present).as("Chromium at " + CHROMIUM + " (installed by .ci/run)").isTrue();

        Path out = Files.createDirectories(Path.of("target", "report-screenshots")).toAbsolutePath();
        Path html = out.resolve("sample-report.html");
        HtmlReport.write(ReportSamples.sample(2_000, 20, "Browser check"), html);
        Path png = out.resolve("sample-report.png");
        Files.deleteIfExists(png);
        Path profile = Files.createTempDirectory("chromium-profile");

        String dom = chromium(profile, "--dump-dom", html.toUri().toString());
        assertThat(dom).contains("id=\"equity-chart\"", "id=\"drawdown-chart\"", "id=\"candle-chart\"");
        assertThat(dom).containsPattern("class=\"equity\" d=\"M[0-9.]+,[0-9.]+ L");
        assertThat(dom).containsPattern("class=\"drawdown\" d=\"M[0-9.]+,[0-9.]+ L");

        chromium(profile, "--screenshot=" + png, "--window-size=1200,1400", html.toUri().toString());
        assertThat(png).exists();
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(1200);
        // The equity chart area (below the title) must hold many colours, not a blank page.
        Set<Integer> colours = new HashSet<>();
        for (int y = 120; y < Math.min(img.getHeight(), 500); y += 2) {
            for (int x = 80; x < 1100; x += 2) {
                colours.add(img.getRGB(x, y));
            }
        }
        assertThat(colours.size()).as("distinct colours in the equity chart area").isGreaterThan(20);
    }

    private static String chromium(Path profile, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--user-data-dir=" + profile));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String stdout = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(p.exitValue()).as("chromium exit code").isZero();
        return stdout;
    }
}

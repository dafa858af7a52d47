package dev.backtest.sdk.report;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * What every report page inlines: uPlot (the charting library, read from its WebJar {@code org.webjars.npm:uplot} on
 * the class path), its style sheet, and the script that turns the page's chart data into uPlot charts. They are read
 * once, on first use, and kept; the Content-Security-Policy that lets exactly these scripts run (their SHA-256
 * hashes) is computed with them.
 *
 * <pre>{@code
 * ChartAssets a = ChartAssets.get();
 * String policy = a.contentSecurityPolicy();   // "default-src 'none'; script-src 'sha256-…' 'sha256-…'; …"
 * }</pre>
 *
 * @param uplotScript the minified uPlot (an IIFE defining {@code uPlot})
 * @param uplotStyle  uPlot's style sheet
 * @param chartScript the report's own script ({@code report-charts.js} next to this class)
 */
record ChartAssets(String uplotScript, String uplotStyle, String chartScript) {

    /** The uPlot version the SDK was built with, as the WebJar's resource path spells it. */
    static final String UPLOT_VERSION = "1.6.30";
    static final String UPLOT_DIST = "META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/";

    /** Loads on first use (the holder idiom): nothing mutable, read once per class loader. */
    private static final class Holder {
        static final ChartAssets ASSETS = load();
    }

    static ChartAssets get() {
        return Holder.ASSETS;
    }

    static ChartAssets load() {
        ClassLoader loader = ChartAssets.class.getClassLoader();
        return new ChartAssets(read(loader, UPLOT_DIST + "uPlot.iife.min.js"), read(loader, UPLOT_DIST + "uPlot.min.css"),
                read(loader, "dev/backtest/sdk/report/report-charts.js"));
    }

    /**
     * The policy of a report page: nothing from anywhere, inline styles, and only the page's two scripts (by hash; the
     * chart data is a {@code application/json} block, which is never executed).
     */
    String contentSecurityPolicy() {
        return "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src '" + sha256(uplotScript) + "' '"
                + sha256(chartScript) + "'";
    }

    static String sha256(String script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    static String read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new BacktestException(ErrorCode.INTERNAL, "the report asset " + resource + " is not on the class path: "
                        + "the SDK needs org.webjars.npm:uplot:" + UPLOT_VERSION + " at run time (a dependency of backtest-sdk)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BacktestException(ErrorCode.INTERNAL, "cannot read the report asset " + resource + ": " + e.getMessage(), e);
        }
    }
}

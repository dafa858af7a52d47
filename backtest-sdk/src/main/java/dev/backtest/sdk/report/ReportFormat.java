package dev.backtest.sdk.report;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldErrors;

import java.util.Arrays;
import java.util.Locale;

/**
 * The formats a saved report exports to: a self-contained HTML page, CSV (RFC 4180, ISO-8601 dates: the trades of a
 * {@code backtest_summary}, the returns table of a {@code period_returns}) or the report as JSON.
 *
 * <pre>{@code
 * ReportExport csv = client.reports().export(me, reportId, ReportFormat.parse("csv"));
 * }</pre>
 */
public enum ReportFormat {
    HTML("html", "text/html; charset=UTF-8"),
    CSV("csv", "text/csv; charset=UTF-8"),
    JSON("json", "application/json");

    private final String wire;
    private final String mediaType;

    ReportFormat(String wire, String mediaType) {
        this.wire = wire;
        this.mediaType = mediaType;
    }

    /** The name in the {@code format} parameter, and the file extension. */
    public String wire() {
        return wire;
    }

    /** The Content-Type of the export. */
    public String mediaType() {
        return mediaType;
    }

    /**
     * The format named {@code raw} (case-insensitive); null is {@link #HTML}.
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} (field {@code format}) for any other name
     */
    public static ReportFormat parse(String raw) {
        if (raw == null) {
            return HTML;
        }
        String name = raw.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.wire.equals(name)).findFirst().orElseThrow(() -> FieldErrors.single("format",
                "must be one of html, csv, json; got '" + (raw.length() > 20 ? raw.substring(0, 20) + "..." : raw) + "'"));
    }
}
